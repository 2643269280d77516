"""Operations through the API: create, target list, outcomes, charges, summary, export."""

from __future__ import annotations

import json
from typing import Any

from foursight.audit.models import AuditEntry
from foursight.operations.models import Target
from tests.conftest import World

WHY = "Operation Nightjar briefing"


def _post(client: Any, path: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json"
    )


def _operation(world: World, who: str = "pou", units: list[str] | None = None) -> dict[str, Any]:
    response = _post(
        world.api(who, WHY),
        "/operations",
        {
            "name": "Nightjar",
            "objective": "Arrest outstanding stalking suspects",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-16",
            "units": units or ["CN", "NE"],
        },
    )
    assert response.status_code == 201, response.content
    data: dict[str, Any] = response.json()
    return data


def test_operation_runs_from_list_to_arrest_charge_and_summary(world: World) -> None:
    pou = world.api("pou", WHY)
    op = _operation(world)
    assert op["lead"] == "pou" and op["units"] == ["CN", "NE"]
    built = _post(
        pou, f"/operations/{op['id']}/targets/from-list", {"source": "outstanding_suspects"}
    )
    assert built.status_code == 201, built.content
    people = {t["person_id"] for t in built.json()["targets"]}
    assert people == {world.persons["suspect_cn"].pk, world.persons["suspect_ne"].pk}
    again = _post(
        pou, f"/operations/{op['id']}/targets/from-list", {"source": "outstanding_suspects"}
    )
    assert again.json()["added"] == 0

    targets = {t["person_id"]: t["id"] for t in built.json()["targets"]}
    cn_target = targets[world.persons["suspect_cn"].pk]
    ne_target = targets[world.persons["suspect_ne"].pk]
    arrested = _post(
        pou,
        f"/operations/{op['id']}/targets/{cn_target}",
        {"status": "arrested", "offences": ["8Q", "NFS"], "at": "2026-03-03T06:10:00Z"},
        "patch",
    )
    assert arrested.status_code == 200, arrested.content
    assert arrested.json()["status"] == "arrested" and arrested.json()["outcome_by"] == "pou"
    circulated = _post(
        pou,
        f"/operations/{op['id']}/targets/{ne_target}",
        {"status": "circulated_as_wanted", "circulation_reference": "PNC-26-0042"},
        "patch",
    )
    assert circulated.json()["circulation_reference"] == "PNC-26-0042"
    charge = _post(
        pou,
        f"/operations/{op['id']}/targets/{cn_target}/charges",
        {"charged_on": "2026-03-04", "offences": ["8Q"]},
    )
    assert charge.status_code == 201, charge.content

    summary = pou.get(f"/api/v1/operations/{op['id']}/summary").json()
    assert summary["targets"] == {
        "outstanding": 0,
        "arrested": 1,
        "circulated_as_wanted": 1,
        "eliminated": 0,
    }
    assert summary["arrests_by_category"]["stalking_harassment"] == 1
    assert summary["arrests_by_category"]["assault_strangulation"] == 1
    assert summary["arrests_by_category"]["breach_of_order"] == 0
    assert summary["charged"] == 1
    assert summary["by_bcu"]["CN"]["arrested"] == 1
    assert summary["arrests_by_day"] == {"2026-03-03": 1}

    export = pou.get(f"/api/v1/operations/{op['id']}/export.csv")
    assert export.status_code == 200
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("target_id,name,bcu")
    assert any("DENTON" in line and "arrested" in line and "2026-03-04" in line for line in lines)
    assert AuditEntry.objects.filter(action="exported", object_type="operation").exists()


def test_outcome_details_are_required_and_bad_input_changes_nothing(world: World) -> None:
    pou = world.api("pou", WHY)
    op = _operation(world)
    target = _post(
        pou, f"/operations/{op['id']}/targets", {"person_id": world.persons["suspect_cn"].pk}
    ).json()
    path = f"/operations/{op['id']}/targets/{target['id']}"
    cases = [
        ({"status": "arrested"}, "offences"),
        ({"status": "arrested", "offences": ["XX"]}, "offences"),
        ({"status": "circulated_as_wanted"}, "circulation_reference"),
        ({"status": "eliminated", "reason": "  "}, "reason"),
        ({"status": "released"}, "status"),
        ({"status": "arrested", "offences": ["8Q"], "at": "2026-03-03T06:10:00"}, "at"),
        ({"status": "arrested", "offences": ["8Q"], "colour": "red"}, "colour"),
        ({"assigned_to": "stac"}, "assigned_to"),
    ]
    for body, field in cases:
        response = _post(pou, path, body, "patch")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["field"] == field, body
    assert Target.objects.get(pk=target["id"]).status == "outstanding"
    no_charge = _post(pou, f"{path}/charges", {"charged_on": "2026-03-04", "offences": ["8Q"]})
    assert no_charge.status_code == 409
    ok = _post(pou, path, {"status": "eliminated", "reason": "alibi confirmed by CCTV"}, "patch")
    assert ok.status_code == 200
    final = _post(pou, path, {"status": "arrested", "offences": ["8Q"]}, "patch")
    assert final.status_code == 409
    duplicate = _post(
        pou, f"/operations/{op['id']}/targets", {"person_id": world.persons["suspect_cn"].pk}
    )
    assert duplicate.status_code == 409


def test_create_operation_validation(world: World) -> None:
    pou = world.api("pou", WHY)
    base = {
        "name": "Kestrel",
        "objective": "Visits",
        "starts_on": "2026-03-10",
        "ends_on": "2026-03-01",
        "units": ["CN"],
    }
    assert _post(pou, "/operations", base).json()["error"]["field"] == "ends_on"
    bad_unit = {**base, "ends_on": "2026-03-20", "units": ["ZZ"]}
    assert _post(pou, "/operations", bad_unit).json()["error"]["field"] == "units"
    supervisor = world.api("supervisor_cn")
    other_bcu = {**base, "ends_on": "2026-03-20", "units": ["NE"]}
    assert _post(supervisor, "/operations", other_bcu).json()["error"]["field"] == "units"
    assert (
        _post(world.api("pou"), "/operations", {**base, "ends_on": "2026-03-20"}).status_code == 403
    )


def test_officer_records_outcome_on_assigned_target_only(world: World) -> None:
    pou = world.api("pou", WHY)
    op = _operation(world)
    target = _post(
        pou,
        f"/operations/{op['id']}/targets",
        {"person_id": world.persons["suspect_cn"].pk, "assigned_to": "officer_cn"},
    ).json()
    officer = world.api("officer_cn")
    listed = officer.get(f"/api/v1/operations/{op['id']}").json()
    assert [t["id"] for t in listed["targets"]] == [target["id"]]
    path = f"/operations/{op['id']}/targets/{target['id']}"
    assert (
        _post(
            world.api("officer_ne"), path, {"status": "eliminated", "reason": "x"}, "patch"
        ).status_code
        == 404
    )
    assert _post(officer, path, {"assigned_to": "officer_ne"}, "patch").status_code == 403
    done = _post(officer, path, {"status": "arrested", "offences": ["BSPO"]}, "patch")
    assert done.status_code == 200
    summary = officer.get(f"/api/v1/operations/{op['id']}/summary").json()
    assert summary["arrests_by_category"]["breach_of_order"] == 1


def test_compliance_checks(world: World) -> None:
    officer = world.api("officer_cn")
    body = {
        "person_id": world.persons["suspect_cn"].pk,
        "kind": "visit",
        "result": "compliant",
        "checked_at": "2026-03-02T10:00:00Z",
        "next_due": "2026-03-09",
        "notes": "at home address, no concerns",
    }
    made = _post(officer, "/operations/checks", body)
    assert made.status_code == 201, made.content
    assert made.json()["bcu"] == "CN"
    due = officer.get("/api/v1/operations/checks?due=true").json()
    assert [c["id"] for c in due["items"]] == [made.json()["id"]]
    assert world.api("officer_ne").get("/api/v1/operations/checks").json()["count"] == 0
    bad = _post(officer, "/operations/checks", {**body, "next_due": "2026-03-01"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "next_due"
    hidden = _post(
        officer, "/operations/checks", {**body, "person_id": world.persons["suspect_ne"].pk}
    )
    assert hidden.status_code == 404
