"""Bad input to every operations write: a 4xx naming the field, and nothing changed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from foursight.operations.models import Charge, ComplianceCheck, Operation, Target
from tests.conftest import World

WHY = "Operation Nightjar briefing"


def _send(client: Any, method: str, path: str, body: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


@pytest.fixture
def arrested(world: World) -> tuple[Any, int, int]:
    pou = world.api("pou", WHY)
    body = {
        "name": "Nightjar",
        "objective": "x",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-16",
        "units": ["CN", "NE"],
    }
    op = _send(pou, "post", "/operations", body).json()
    target = _send(
        pou,
        "post",
        f"/operations/{op['id']}/targets",
        {"person_id": world.persons["suspect_cn"].pk},
    ).json()
    done = _send(
        pou,
        "patch",
        f"/operations/{op['id']}/targets/{target['id']}",
        {"status": "arrested", "offences": ["8Q"], "at": "2026-03-03T06:00:00Z"},
    )
    assert done.status_code == 200
    return pou, op["id"], target["id"]


CHARGES = [
    ({"charged_on": "2026-03-02", "offences": ["8Q"]}, "charged_on"),  # before the arrest
    ({"charged_on": "2999-01-01", "offences": ["8Q"]}, "charged_on"),
    ({"charged_on": "yesterday", "offences": ["8Q"]}, "charged_on"),
    ({"charged_on": "2026-03-04", "offences": []}, "offences"),
    ({"charged_on": "2026-03-04", "offences": ["ZZ"]}, "offences"),
    ({"offences": ["8Q"]}, "charged_on"),
    ({"charged_on": "2026-03-04", "offences": ["8Q"], "court": "x"}, "court"),
]


@pytest.mark.parametrize(("body", "field"), CHARGES)
def test_charges(arrested: tuple[Any, int, int], body: dict[str, Any], field: str) -> None:
    pou, op, target = arrested
    response = _send(pou, "post", f"/operations/{op}/targets/{target}/charges", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert not Charge.objects.exists()


TARGET_LISTS = [
    ({"source": "everyone"}, "source"),
    ({"source": "outstanding_suspects", "limit": 0}, "limit"),
    ({"source": "outstanding_suspects", "bcu": "ZZ"}, "bcu"),
]


@pytest.mark.parametrize(("body", "field"), TARGET_LISTS)
def test_target_lists(arrested: tuple[Any, int, int], body: dict[str, Any], field: str) -> None:
    pou, op, _ = arrested
    response = _send(pou, "post", f"/operations/{op}/targets/from-list", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert Target.objects.count() == 1


def test_named_target_and_malformed_json(world: World, arrested: tuple[Any, int, int]) -> None:
    pou, op, _ = arrested
    missing = _send(pou, "post", f"/operations/{op}/targets", {"person_id": 999999})
    assert missing.status_code == 404 and missing.json()["error"]["field"] == "person_id"
    victim = _send(
        pou, "post", f"/operations/{op}/targets", {"person_id": world.persons["victim_cn"].pk}
    )
    assert victim.status_code == 404  # the offender unit never sees victims
    broken = _send(pou, "post", "/operations", "{not json")
    assert broken.status_code == 400
    assert Target.objects.count() == 1 and Operation.objects.count() == 1


CHECKS = [
    ({"kind": "raid"}, "kind"),
    ({"result": "fine"}, "result"),
    ({"checked_at": "2026-03-02T10:00:00"}, "checked_at"),
    ({"checked_at": "2999-03-02T10:00:00Z"}, "checked_at"),
    ({"next_due": "2026-02-01"}, "next_due"),
]


@pytest.mark.parametrize(("change", "field"), CHECKS)
def test_checks(world: World, change: dict[str, Any], field: str) -> None:
    body = {
        "person_id": world.persons["suspect_cn"].pk,
        "kind": "visit",
        "result": "compliant",
        "checked_at": "2026-03-02T10:00:00Z",
        **change,
    }
    response = _send(world.api("officer_cn"), "post", "/operations/checks", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert not ComplianceCheck.objects.exists()
