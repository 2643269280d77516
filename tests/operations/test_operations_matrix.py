"""Every operations route and page against every role and unit.

The oracle restates the rules in ``operations/access.py`` by hand: the offender unit and
admin see every operation and target (with a purpose); a supervisor sees operations that
cover their BCU and only its targets; an officer sees only targets assigned to them;
stac, advocates and analysts see none.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from foursight.core.operation_commands import AddTarget, CreateOperation
from foursight.operations import actions
from foursight.operations.models import Operation
from tests.conftest import ROLES, World

WHY = "Operation Nightjar briefing"
NO_OPS = {"stac", "advocate", "analyst"}
DETAIL_READERS = {"pou", "admin", "supervisor_cn", "officer_cn"}
VISIBLE_TARGETS = {"pou": 2, "admin": 2, "supervisor_cn": 1, "officer_cn": 1}
TARGET_WRITERS = {"cn": {"pou", "admin", "supervisor_cn", "officer_cn"}, "ne": {"pou", "admin"}}
SUSPECTS_SEEN = {"pou": 2, "admin": 2, "supervisor_cn": 1, "officer_cn": 1, "officer_ne": 1}


def _setup(world: World) -> tuple[Operation, dict[str, int]]:
    pou = world.users["pou"]
    op = actions.create_operation(
        pou,
        CreateOperation.from_dict(
            {
                "name": "Nightjar",
                "objective": "Arrests",
                "starts_on": date(2026, 3, 1),
                "ends_on": date(2026, 3, 16),
                "units": ["CN", "NE"],
            }
        ),
        justification=WHY,
    )
    targets = {}
    for key in ("cn", "ne"):
        data = {"person_id": world.persons[f"suspect_{key}"].pk}
        if key == "cn":
            data["assigned_to"] = "officer_cn"
        targets[key] = actions.add_target(
            pou, op.pk, AddTarget.from_dict(data), justification=WHY
        ).pk
    return op, targets


def _call(world: World, who: str, method: str, path: str, body: Any = None) -> Any:
    client = world.api(who, WHY if who in ("pou", "admin") else None)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


def _page(world: World, who: str) -> Any:
    client = world.page(who)
    if who in ("pou", "admin"):
        client.post("/purpose", {"reason": WHY, "next": "/"})
    return client


@pytest.mark.parametrize("who", list(ROLES))
def test_list(world: World, who: str) -> None:
    _setup(world)
    response = _call(world, who, "get", "/operations")
    if who in NO_OPS:
        assert response.status_code == 404
    else:
        expected = 1 if who in DETAIL_READERS else 0
        assert response.json()["count"] == expected, who


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("path", ["", "/summary", "/export.csv"])
def test_reads(world: World, who: str, path: str) -> None:
    op, _ = _setup(world)
    response = _call(world, who, "get", f"/operations/{op.pk}{path}")
    if who not in DETAIL_READERS:
        assert response.status_code == 404, response.content
        assert b"Nightjar" not in response.content
        return
    assert response.status_code == 200, response.content
    if path == "":
        assert len(response.json()["targets"]) == VISIBLE_TARGETS[who]
    elif path == "/summary":
        assert response.json()["total"] == VISIBLE_TARGETS[who]
    else:
        assert len(response.content.decode().splitlines()) == 1 + VISIBLE_TARGETS[who]


@pytest.mark.parametrize("who", ["pou", "admin"])
def test_force_wide_roles_need_a_purpose(world: World, who: str) -> None:
    op, _ = _setup(world)
    response = world.api(who).get(f"/api/v1/operations/{op.pk}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "justification_required"


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_outcome_writes(world: World, who: str, key: str) -> None:
    op, targets = _setup(world)
    body = {"status": "eliminated", "reason": "alibi confirmed"}
    response = _call(world, who, "patch", f"/operations/{op.pk}/targets/{targets[key]}", body)
    expected = 200 if who in TARGET_WRITERS[key] else 404
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("who", list(ROLES))
def test_add_target(world: World, who: str) -> None:
    _setup(world)
    fresh = actions.create_operation(
        world.users["pou"],
        CreateOperation.from_dict(
            {
                "name": "Kestrel",
                "objective": "x",
                "starts_on": date(2026, 3, 1),
                "ends_on": date(2026, 3, 2),
                "units": ["CN"],
            }
        ),
        justification=WHY,
    )
    body = {"person_id": world.persons["suspect_cn"].pk}
    response = _call(world, who, "post", f"/operations/{fresh.pk}/targets", body)
    expected = 201 if who in {"pou", "admin", "supervisor_cn"} else 404
    assert response.status_code == expected, response.content
    listed = _call(
        world,
        who,
        "post",
        f"/operations/{fresh.pk}/targets/from-list",
        {"source": "outstanding_suspects"},
    )
    assert listed.status_code == (201 if expected == 201 else 404)


@pytest.mark.parametrize("who", list(ROLES))
def test_create(world: World, who: str) -> None:
    body = {
        "name": "Wren",
        "objective": "x",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-02",
        "units": ["CN"],
    }
    response = _call(world, who, "post", "/operations", body)
    if who in NO_OPS:
        assert response.status_code == 404
    elif who.startswith("officer"):
        assert response.status_code == 403
    else:
        assert response.status_code == 201, response.content


@pytest.mark.parametrize("who", list(ROLES))
def test_outstanding_suspects_and_checks(world: World, who: str) -> None:
    suspects = _call(world, who, "get", "/operations/outstanding-suspects")
    checks = _call(world, who, "get", "/operations/checks")
    if who in NO_OPS:
        assert suspects.status_code == 404 and checks.status_code == 404
        return
    assert suspects.json()["count"] == SUSPECTS_SEEN[who]
    assert checks.status_code == 200


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize(
    "path",
    [
        "/operations",
        "/operations/{id}",
        "/operations/{id}/export.csv",
        "/operations/outstanding-suspects",
        "/operations/checks",
    ],
)
def test_pages(world: World, who: str, path: str) -> None:
    op, _ = _setup(world)
    response = _page(world, who).get(path.format(id=op.pk))
    if who in NO_OPS:
        assert response.status_code == 404
    elif "{id}" in path and who not in DETAIL_READERS:
        assert response.status_code == 404
        assert b"Nightjar" not in response.content
    else:
        assert response.status_code == 200, response.content
