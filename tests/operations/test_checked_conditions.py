"""Compliance checks of a named order or bail condition: due dates, breaches, bail tasks."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from foursight.cases.models import Party
from foursight.core.order_commands import CreateOrder
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import AddParty
from foursight.operations.models import BailBreachTask, ComplianceCheck
from foursight.orders import actions as order_actions
from foursight.orders.models import Breach, BreachTask, Condition
from foursight.people import actions as people_actions
from foursight.prosecution.models import BailCondition
from tests.conftest import World

WHY = "compliance visit to a bailed suspect"
DAY = timezone.localdate() - timedelta(days=10)


def _order(world: World, subject_key: str = "suspect_cn") -> Condition:
    order = order_actions.create_order(
        world.users["officer_cn"],
        CreateOrder.from_dict(
            {
                "kind": "restraining_conviction",
                "subject_id": world.persons[subject_key].pk,
                "protected_ids": [world.persons["victim_cn"].pk],
                "report_id": world.reports["cn"].pk,
                "court": "Wood Green Crown Court",
                "made_on": (DAY - timedelta(days=30)).isoformat(),
                "expires_on": (DAY + timedelta(days=365)).isoformat(),
                "conditions": [
                    {"kind": "no_contact", "person_ids": [world.persons["victim_cn"].pk]},
                    {"kind": "exclusion_address", "address": "1 High Street, London N1"},
                ],
            }
        ),
    )
    return order.conditions.get(kind="no_contact")


def _bail(world: World) -> BailCondition:
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    client = world.api("officer_cn")
    arrest_on = DAY - timedelta(days=5)
    for body in (
        {"kind": "arrest", "at": f"{arrest_on.isoformat()}T07:00:00+00:00", "offences": ["8Q"]},
        {
            "kind": "bail",
            "on": arrest_on.isoformat(),
            "return_on": (DAY + timedelta(days=30)).isoformat(),
            "conditions": [
                {"kind": "curfew", "text": "Indoors 19:00 to 07:00"},
                {"kind": "residence", "text": "Live and sleep at 4 Elm Road"},
            ],
        },
    ):
        made = client.post(
            f"/api/v1/reports/{party.report_id}/suspects/{party.pk}/steps",
            data=json.dumps(body),
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
    return BailCondition.objects.get(kind="curfew")


def _check(world: World, who: str = "officer_cn", **extra: Any) -> Any:
    body = {
        "person_id": world.persons["suspect_cn"].pk,
        "kind": "visit",
        "result": "compliant",
        "checked_at": f"{DAY.isoformat()}T21:00:00+00:00",
    }
    body.update(extra)
    return world.api(who, WHY).post(
        "/api/v1/operations/checks", data=json.dumps(body), content_type="application/json"
    )


def test_compliant_check_of_an_order_condition_sets_the_due_date(world: World) -> None:
    condition = _order(world)
    made = _check(world, order_condition_id=condition.pk)
    assert made.status_code == 201, made.content
    body = made.json()
    # the exclusion zone (14 days) is tighter than no contact (28 days)
    assert body["next_due"] == (DAY + timedelta(days=14)).isoformat()
    assert body["order_condition_id"] == condition.pk and body["breach_id"] is None
    assert body["condition_text"].startswith("No contact")


def test_failed_check_of_an_order_condition_opens_a_breach_with_its_tasks(world: World) -> None:
    condition = _order(world)
    made = _check(world, order_condition_id=condition.pk, result="non_compliant")
    assert made.status_code == 201, made.content
    breach = Breach.objects.get(pk=made.json()["breach_id"])
    assert (breach.order_id, breach.status) == (condition.order_id, "confirmed")
    assert {t.kind for t in BreachTask.objects.filter(breach=breach)} == {"arrest", "risk_review"}
    assert made.json()["next_due"] == (DAY + timedelta(days=2)).isoformat()


def test_failed_check_of_a_bail_condition_opens_an_arrest_task(world: World) -> None:
    condition = _bail(world)
    made = _check(world, bail_condition_id=condition.pk, result="non_compliant")
    assert made.status_code == 201, made.content
    task = BailBreachTask.objects.get()
    assert (task.bail_condition_id, made.json()["bail_breach_task_id"]) == (condition.pk, task.pk)
    assert Breach.objects.count() == 0
    listed = world.api("officer_cn").get("/api/v1/operations/bail-breach-tasks").json()
    assert [t["id"] for t in listed] == [task.pk]
    refused = world.api("officer_cn").post(
        f"/api/v1/operations/bail-breach-tasks/{task.pk}/done",
        data=json.dumps({"notes": " "}),
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "notes"
    page = world.page("officer_cn")
    assert "Indoors 19:00" in page.get("/operations/checks").content.decode()
    done = page.post(f"/operations/bail-breach-tasks/{task.pk}/done", {"notes": "Arrested"})
    assert done.status_code == 302
    assert world.api("officer_cn").get("/api/v1/operations/bail-breach-tasks").json() == []


def test_compliant_bail_check_is_due_in_a_week(world: World) -> None:
    condition = _bail(world)
    body = _check(world, bail_condition_id=condition.pk).json()
    assert body["next_due"] == (DAY + timedelta(days=7)).isoformat()
    listed = (
        world.api("officer_cn")
        .get(
            "/api/v1/operations/checks/conditions",
            {"person_id": world.persons["suspect_cn"].pk},
        )
        .json()
    )
    curfew = next(r for r in listed if r["source"] == "bail" and r["kind"] == "curfew")
    assert curfew["next_due"] == body["next_due"] and curfew["last_result"] == "compliant"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"order_condition_id": 999999}, "order_condition_id"),
        ({"bail_condition_id": 999999}, "bail_condition_id"),
        ({"order_condition_id": "x"}, "order_condition_id"),
    ],
)
def test_unknown_condition_is_refused(world: World, extra: dict[str, Any], field: str) -> None:
    response = _check(world, **extra)
    assert response.status_code in (400, 422), response.content
    if response.status_code == 400:
        assert response.json()["error"]["field"] == field
    assert ComplianceCheck.objects.count() == 0


def test_condition_of_another_persons_order_is_refused_and_nothing_written(world: World) -> None:
    other = people_actions.create_person(
        world.users["officer_cn"],
        CreatePerson.from_dict({"first_names": "Dan", "surname": "Other"}),
    )
    from foursight.cases import actions as case_actions

    case_actions.add_party(
        world.users["officer_cn"],
        world.reports["cn"].pk,
        AddParty.from_dict({"person_id": other.pk, "role": "suspect"}),
    )
    world.persons["other"] = other
    condition = _order(world, "other")
    response = _check(world, order_condition_id=condition.pk, result="non_compliant")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "order_condition_id" and "another person's order" in error["message"]
    assert (ComplianceCheck.objects.count(), Breach.objects.count()) == (0, 0)


def test_both_conditions_or_one_out_of_force_are_refused(world: World) -> None:
    order_condition, bail_condition = _order(world), _bail(world)
    both = _check(world, order_condition_id=order_condition.pk, bail_condition_id=bail_condition.pk)
    assert both.status_code == 400 and both.json()["error"]["field"] == "bail_condition_id"
    early = (DAY - timedelta(days=60)).isoformat()
    before = _check(world, order_condition_id=order_condition.pk, checked_at=f"{early}T10:00:00Z")
    assert before.status_code == 400 and "not in force" in before.json()["error"]["message"]
    assert ComplianceCheck.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "ok"),
    [
        ("officer_cn", True),
        ("supervisor_cn", True),
        ("pou", True),
        ("admin", True),
        ("officer_ne", False),
        ("stac", False),
        ("advocate", False),
        ("analyst", False),
    ],
)
def test_role_matrix(world: World, who: str, ok: bool) -> None:
    condition = _bail(world)
    made = _check(world, who, bail_condition_id=condition.pk, result="non_compliant")
    tasks = world.api(who, WHY).get("/api/v1/operations/bail-breach-tasks")
    if ok:
        assert made.status_code == 201, made.content
        assert tasks.status_code == 200 and len(tasks.json()) == 1
    else:
        assert made.status_code in (400, 403, 404)
        # an officer of another BCU may list tasks, but sees none of this BCU's
        assert tasks.status_code in (403, 404) or tasks.json() == []
        assert BailBreachTask.objects.count() == 0


def test_person_page_lists_the_conditions_to_check(world: World) -> None:
    condition = _bail(world)
    _check(world, bail_condition_id=condition.pk)
    page = world.page("officer_cn").get(f"/persons/{world.persons['suspect_cn'].pk}")
    html = page.content.decode()
    assert "Conditions to check" in html and "Indoors 19:00 to 07:00" in html
    assert (DAY + timedelta(days=7)).strftime("%-d %b %Y") in html
