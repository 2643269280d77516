"""An arrest or charge in an operation is the step on the suspect's path: one record."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from foursight.cases.models import Outcome, Party
from foursight.core.operation_commands import AddTarget, CreateOperation, UpdateTarget
from foursight.operations import actions as ops
from foursight.prosecution.models import Step
from tests.conftest import World

WHY = "Operation Nightjar arrests"


def _operation(world: World) -> Any:
    pou = world.users["pou"]
    op = ops.create_operation(
        pou,
        CreateOperation.from_dict(
            {
                "name": "Nightjar",
                "objective": "Arrest the outstanding suspects",
                "starts_on": date(2026, 3, 1),
                "ends_on": date(2026, 3, 9),
                "units": ["CN", "NE"],
            }
        ),
        justification=WHY,
    )
    target = ops.add_target(
        pou,
        op.pk,
        AddTarget.from_dict({"person_id": world.persons["suspect_cn"].pk}),
        justification=WHY,
    )
    return op, target


def test_operation_summary_and_report_agree_on_one_arrest(world: World) -> None:
    op, target = _operation(world)
    pou = world.api("pou", WHY)
    arrest = {"status": "arrested", "offences": ["8Q"], "at": "2026-03-03T06:10:00Z"}
    url = f"/api/v1/operations/{op.pk}/targets/{target.pk}"
    assert pou.patch(url, json.dumps(arrest), content_type="application/json").status_code == 200
    charge = {"charged_on": "2026-03-04", "offences": ["8Q"], "authorised_by": "cps"}
    response = pou.post(f"{url}/charges", json.dumps(charge), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["charges"][0]["offences"] == ["8Q"]
    steps = Step.objects.order_by("id")
    assert [s.kind for s in steps] == ["arrest", "charge"]
    assert {s.operation_target_id for s in steps} == {target.pk}
    summary = pou.get(f"/api/v1/operations/{op.pk}/summary").json()
    assert summary["targets"]["arrested"] == 1 and summary["charged"] == 1
    assert summary["arrests_by_category"]["stalking_harassment"] == 1
    assert summary["arrests_by_day"] == {"2026-03-03": 1}
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    path = world.api("officer_cn").get(
        f"/api/v1/reports/{party.report_id}/suspects/{party.pk}/path"
    )
    got = path.json()["steps"]
    assert [(s["kind"], s["operation"]["id"]) for s in got] == [
        ("arrest", op.pk),
        ("charge", op.pk),
    ]
    assert got[0]["at"].startswith("2026-03-03T06:10")
    assert Outcome.objects.get(report=world.reports["cn"]).code == "1"
    detail = pou.get(f"/api/v1/operations/{op.pk}").json()
    assert detail["targets"][0]["offences"] == ["8Q"]


def test_outstanding_suspects_leave_out_arrested_charged_or_eliminated(world: World) -> None:
    def outstanding() -> set[str]:
        rows = world.api("admin", WHY).get("/api/v1/operations/outstanding-suspects").json()
        return {r["reference"] for r in rows["items"]}

    cn, ne = world.reports["cn"].reference, world.reports["ne"].reference
    assert outstanding() == {cn, ne}
    party = Party.objects.get(report=world.reports["ne"], role="suspect")
    everyday = {"kind": "arrest", "at": "2026-03-05T07:00:00+00:00", "offences": ["8Q"]}
    response = world.api("officer_ne").post(
        f"/api/v1/reports/{party.report_id}/suspects/{party.pk}/steps",
        json.dumps(everyday),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert outstanding() == {cn}
    op, target = _operation(world)
    ops.update_target(
        world.users["pou"],
        op.pk,
        target.pk,
        UpdateTarget.from_dict({"status": "eliminated", "reason": "alibi confirmed"}),
        justification=WHY,
    )
    assert outstanding() == set()
