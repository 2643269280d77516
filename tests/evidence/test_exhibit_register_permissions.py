"""Every exhibit-register route and page against every role and unit (the oracle is the
evidence rule restated: readers see, writers register and link, others get 404)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foursight.evidence.models import Exhibit, ExhibitLink
from tests.conftest import ROLES, World
from tests.evidence.conftest import JUSTIFY
from tests.evidence.test_evidence_permissions import READERS, WRITERS
from tests.evidence.test_exhibit_register import PNG

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4


def _fields(reference: str, content: bytes = JPEG) -> dict[str, Any]:
    return {
        "reference": reference,
        "kind": "photograph",
        "description": "Damage to the door",
        "produced_by": "PC Alex Reid",
        "file": SimpleUploadedFile("door.jpg", content),
    }


@pytest.fixture
def made(world: World) -> dict[str, dict[str, int]]:
    ids: dict[str, dict[str, int]] = {}
    for key in ("cn", "ne"):
        report = world.reports[key]
        response = world.api(f"officer_{key}").post(
            f"/api/v1/reports/{report.pk}/exhibit-register", data=_fields("AR/1", PNG)
        )
        assert response.status_code == 201, response.content
        ids[key] = {
            "report": report.pk,
            "exhibit": response.json()["id"],
            "occasion": report.occasions.get().pk,
        }
    return ids


def _api(world: World, who: str) -> Any:
    return world.api(who, JUSTIFY if who in ("pou", "admin") else None)


def _page(world: World, who: str) -> Any:
    client = world.page(who)
    if who in ("pou", "admin"):
        assert client.post("/purpose", {"reason": JUSTIFY, "next": "/"}).status_code == 302
    return client


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_api(world: World, made: dict[str, dict[str, int]], who: str, key: str) -> None:
    ids = made[key]
    client = _api(world, who)
    for path in ("/exhibits/{exhibit}", "/exhibits/{exhibit}/media", "/exhibits/{exhibit}/links"):
        response = client.get("/api/v1" + path.format(**ids))
        if who in READERS[key]:
            assert response.status_code == 200, (path, response.content)
        else:
            assert response.status_code == 404, (path, response.content)
            assert response.json()["error"]["code"] == "not_found"
            assert b"AR/1" not in response.content
    registered = client.post(
        f"/api/v1/reports/{ids['report']}/exhibit-register", data=_fields("AR/2")
    )
    linked = client.post(
        f"/api/v1/exhibits/{ids['exhibit']}/links",
        data=json.dumps({"occasion_id": ids["occasion"]}),
        content_type="application/json",
    )
    if who in WRITERS[key]:
        assert registered.status_code == 201, registered.content
        assert linked.status_code == 201, linked.content
    else:
        assert registered.status_code == 404 and linked.status_code == 404
        assert not Exhibit.objects.filter(report_id=ids["report"], reference="AR/2").exists()
        assert not ExhibitLink.objects.filter(exhibit_id=ids["exhibit"]).exists()


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_pages(world: World, made: dict[str, dict[str, int]], who: str, key: str) -> None:
    ids = made[key]
    client = _page(world, who)
    base = f"/reports/{ids['report']}/evidence"
    media = client.get(f"{base}/exhibits/{ids['exhibit']}/media")
    assert media.status_code == (200 if who in READERS[key] else 404)
    form = client.get(f"{base}/register")
    registered = client.post(f"{base}/register", _fields("AR/3"))
    linked = client.post(
        f"{base}/exhibits/{ids['exhibit']}/links", {"occasion_id": ids["occasion"]}
    )
    if who in WRITERS[key]:
        assert form.status_code == 200
        assert registered.status_code == 302, registered.content
        assert linked.status_code == 302 and "error" not in linked["Location"]
    else:
        assert form.status_code == registered.status_code == linked.status_code == 404
        assert not Exhibit.objects.filter(report_id=ids["report"], reference="AR/3").exists()
        assert not ExhibitLink.objects.filter(exhibit_id=ids["exhibit"]).exists()
