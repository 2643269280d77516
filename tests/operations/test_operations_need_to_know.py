"""Operations name only suspects: a victim can never become a target or a checked person,
so the offender unit never reads a victim's name through an operation, its CSV export or
the compliance checks."""

from __future__ import annotations

import json
from typing import Any

from foursight.operations.models import ComplianceCheck, Target
from tests.conftest import World

WHY = "Operation Nightjar briefing"


def _send(client: Any, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


def _operation(world: World) -> int:
    body = {
        "name": "Nightjar",
        "objective": "arrest the outstanding suspects",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-16",
        "units": ["CN", "NE"],
    }
    response = _send(world.api("admin", WHY), "post", "/operations", body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_a_victim_cannot_be_made_a_target(world: World) -> None:
    op = _operation(world)
    admin = world.api("admin", WHY)
    victim = world.persons["victim_cn"].pk
    refused = _send(admin, "post", f"/operations/{op}/targets", {"person_id": victim})
    assert refused.status_code == 400, refused.content
    assert refused.json()["error"]["field"] == "person_id"
    assert not Target.objects.exists()
    suspect = world.persons["suspect_cn"].pk
    added = _send(admin, "post", f"/operations/{op}/targets", {"person_id": suspect})
    assert added.status_code == 201
    pou = world.api("pou", WHY)
    for path in (f"/operations/{op}", f"/operations/{op}/export.csv"):
        read = _send(pou, "get", path)
        assert read.status_code == 200
        assert b"DENTON" in read.content and b"WALKER" not in read.content


def test_a_victim_cannot_be_recorded_as_checked(world: World) -> None:
    body = {
        "person_id": world.persons["victim_cn"].pk,
        "kind": "visit",
        "result": "compliant",
        "checked_at": "2026-03-05T10:00:00Z",
    }
    refused = _send(world.api("officer_cn"), "post", "/operations/checks", body)
    assert refused.status_code == 400, refused.content
    assert refused.json()["error"]["field"] == "person_id"
    assert not ComplianceCheck.objects.exists()
    body["person_id"] = world.persons["suspect_cn"].pk
    assert _send(world.api("officer_cn"), "post", "/operations/checks", body).status_code == 201
    listed = _send(world.api("pou", WHY), "get", "/operations/checks")
    assert b"DENTON" in listed.content and b"WALKER" not in listed.content
