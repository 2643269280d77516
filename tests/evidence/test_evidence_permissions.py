"""Every evidence route and page against every role and unit.

The oracle restates the rule independently of ``access.py``: evidence events are personal
data of the victim and the suspect, so only roles that see both (officer and supervisor in
the report's BCU, the STAC on referred reports, admin) read them; writers import and
attribute; offender unit, advocates and analysts get nothing, as a 404.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from foursight.evidence.jobs import meta_params
from foursight.evidence.meta import clean_meta
from foursight.evidence.models import Attribution, Exhibit, Job
from tests.conftest import ROLES, World
from tests.evidence.conftest import FIXTURES, JUSTIFY, VICTIM

READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "admin"},
    "ne": {"officer_ne", "admin"},
}
WRITERS = {"cn": {"officer_cn", "supervisor_cn", "admin"}, "ne": {"officer_ne", "admin"}}


@pytest.fixture
def loaded(world: World) -> dict[str, dict[str, int]]:
    ids: dict[str, dict[str, int]] = {}
    for key in ("cn", "ne"):
        client = world.api(f"officer_{key}")
        with open(FIXTURES / "whatsapp-android-en_GB.txt", "rb") as handle:
            response = client.post(
                f"/api/v1/reports/{world.reports[key].pk}/exhibits",
                data={"file": handle, "exhibit": "AR/1", "victim_ids": VICTIM, "locale": "en_GB"},
            )
        assert response.status_code == 201, response.content
        meta = clean_meta({"exhibit": "AR/5", "victim_ids": VICTIM})
        job = Job.objects.create(
            report=world.reports[key],
            exhibit_reference="AR/5",
            params={"path": "/nonexistent", "name": "x", "meta": meta_params(meta)},
        )
        ids[key] = {
            "report": world.reports[key].pk,
            "job": job.pk,
            "exhibit": Exhibit.objects.get(report=world.reports[key]).pk,
        }
    return ids


API_READS = [
    "/reports/{report}/exhibits",
    "/reports/{report}/exhibits/{exhibit}",
    "/reports/{report}/exhibits/{exhibit}/events.jsonl",
    "/reports/{report}/events",
    "/reports/{report}/conduct",
    "/reports/{report}/attributions",
    "/reports/{report}/evidence-jobs/{job}",
]
PAGES = [
    "/reports/{report}/evidence",
    "/reports/{report}/evidence/exhibits/{exhibit}",
    "/reports/{report}/evidence/exhibits/{exhibit}/events.jsonl",
    "/reports/{report}/timeline",
    "/reports/{report}/conduct",
    "/reports/{report}/evidence/jobs/{job}",
]


def _api(world: World, who: str) -> Any:
    return world.api(who, JUSTIFY if who in ("pou", "admin") else None)


def _page(world: World, who: str) -> Any:
    client = world.page(who)
    if who in ("pou", "admin"):
        assert client.post("/purpose", {"reason": JUSTIFY, "next": "/"}).status_code == 302
    return client


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("path", API_READS)
def test_api_reads(
    world: World, loaded: dict[str, dict[str, int]], who: str, key: str, path: str
) -> None:
    response = _api(world, who).get("/api/v1" + path.format(**loaded[key]))
    if who in READERS[key]:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 404, response.content
        assert response.json()["error"]["code"] == "not_found"
        assert b"Sam K" not in response.content and b"AR/1" not in response.content


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_api_writes(world: World, loaded: dict[str, dict[str, int]], who: str, key: str) -> None:
    ids = loaded[key]
    client = _api(world, who)
    with open(FIXTURES / "calls-20240314093000.xml", "rb") as handle:
        upload = client.post(
            f"/api/v1/reports/{ids['report']}/exhibits",
            data={"file": handle, "exhibit": "AR/2", "victim_ids": VICTIM},
        )
    suspect = world.persons[f"suspect_{key}"].pk
    attribution = client.post(
        f"/api/v1/reports/{ids['report']}/attributions",
        data=json.dumps({"identifier": "Sam K", "person_id": suspect, "basis": "statement"}),
        content_type="application/json",
    )
    if who in WRITERS[key]:
        assert upload.status_code == 201, upload.content
        assert attribution.status_code == 201, attribution.content
        made = attribution.json()["id"]
        withdraw = client.delete(f"/api/v1/reports/{ids['report']}/attributions/{made}")
        assert withdraw.status_code == 204, withdraw.content
    else:
        assert upload.status_code == 404 and attribution.status_code == 404
        assert Exhibit.objects.filter(report_id=ids["report"]).count() == 1
        owner = world.api(f"officer_{key}")
        made = owner.post(
            f"/api/v1/reports/{ids['report']}/attributions",
            data=json.dumps({"identifier": "Sam K", "person_id": suspect, "basis": "statement"}),
            content_type="application/json",
        ).json()["id"]
        withdraw = client.delete(f"/api/v1/reports/{ids['report']}/attributions/{made}")
        assert withdraw.status_code == 404
        assert Attribution.objects.filter(pk=made).exists()


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_pages(world: World, loaded: dict[str, dict[str, int]], who: str, key: str) -> None:
    client = _page(world, who)
    for path in PAGES:
        response = client.get(path.format(**loaded[key]))
        expected = 200 if who in READERS[key] else 404
        assert response.status_code == expected, (path, response.status_code)
        if expected == 404:
            assert b"Sam K" not in response.content
    ids = loaded[key]
    with open(FIXTURES / "calls-20240314093000.xml", "rb") as handle:
        upload = client.post(
            f"/reports/{ids['report']}/evidence",
            {"file": handle, "exhibit": "AR/3", "victim_ids": "Alex R"},
        )
    attribution = client.post(
        f"/reports/{ids['report']}/attributions",
        {"identifier": "Sam K", "person_id": world.persons[f"suspect_{key}"].pk, "basis": "stmt."},
    )
    made = Attribution.objects.filter(report_id=ids["report"]).first()
    if who in WRITERS[key]:
        assert upload.status_code == 302 and attribution.status_code == 302
        assert Exhibit.objects.filter(report_id=ids["report"], reference="AR/3").exists()
        assert made is not None
        withdraw = client.post(f"/reports/{ids['report']}/attributions/{made.pk}/withdraw")
        assert withdraw.status_code == 302
        assert not Attribution.objects.filter(pk=made.pk).exists()
    else:
        assert upload.status_code == 404 and attribution.status_code == 404
        assert not Exhibit.objects.filter(report_id=ids["report"], reference="AR/3").exists()


@pytest.mark.parametrize("who", list(ROLES))
def test_report_page_links_only_for_readers(world: World, who: str) -> None:
    response = _page(world, who).get(f"/reports/{world.reports['cn'].pk}")
    if response.status_code == 200:
        assert (b"/timeline" in response.content) == (who in READERS["cn"])
