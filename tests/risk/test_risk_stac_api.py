"""STAC workflow through the API: referrals with consent, conferences, plans, tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.cases import actions as case_actions
from foursight.cases.models import AdvocateAssignment
from foursight.core.order_commands import CreateOrder, RecordBreach
from foursight.core.report_commands import AddOccasion
from foursight.risk import actions
from foursight.risk.models import CaseConference, Plan, PlanAction, ReassessmentRequest, Referral
from tests.conftest import World
from tests.risk.risk_support import assessment_command, call, dash_answers, pair

TODAY = datetime.now(UTC).date()


def _referral(world: World, key: str, **change: Any) -> dict[str, Any]:
    victim, _ = pair(world.reports[key])
    return {
        "kind": "mappa",
        "victim_party_id": victim,
        "consent": True,
        "consent_note": "Signed consent form",
        "reason": "Serious harm risk",
        "mappa_category": 2,
        "mappa_level": 3,
        **change,
    }


def test_mappa_referral_with_category_and_level(world: World) -> None:
    report = world.reports["cn"]
    made = call(world, "stac", "post", f"/reports/{report.pk}/referrals", _referral(world, "cn"))
    assert made.status_code == 201, made.content
    assert (made.json()["mappa_category"], made.json()["mappa_level"]) == (2, 3)
    listed = call(world, "officer_cn", "get", f"/reports/{report.pk}/referrals").json()
    assert listed["count"] == 1 and listed["items"][0]["consent_note"] == "Signed consent form"
    assert AuditEntry.objects.filter(object_type="referral", action="created").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mappa_category": 4}, "mappa_category"),
        ({"mappa_level": None}, "mappa_level"),
        ({"kind": "marac", "mappa_category": 1, "mappa_level": None}, "mappa_category"),
        ({"consent_note": ""}, "consent_note"),
        ({"reason": "no"}, "reason"),
        ({"kind": "prison"}, "kind"),
        ({"victim_party_id": 0}, "victim_party_id"),
        ({"referred_on": (TODAY + timedelta(days=2)).isoformat()}, "referred_on"),
        (
            {
                "kind": "advocate",
                "consent": False,
                "advocate": "advocate",
                "support_needs": "x",
                "mappa_category": None,
                "mappa_level": None,
            },
            "consent",
        ),
        (
            {
                "kind": "advocate",
                "advocate": "nobody",
                "support_needs": "x",
                "mappa_category": None,
                "mappa_level": None,
            },
            "advocate",
        ),
        (
            {"kind": "marac", "mappa_category": None, "mappa_level": None, "support_needs": "x"},
            "support_needs",
        ),
    ],
)
def test_bad_referrals_name_the_field(world: World, change: dict[str, Any], field: str) -> None:
    body = _referral(world, "cn", **change)
    response = call(
        world, "officer_cn", "post", f"/reports/{world.reports['cn'].pk}/referrals", body
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert not Referral.objects.exists()


def test_advocate_referral_assigns_and_the_advocate_sees_only_their_victims(world: World) -> None:
    report = world.reports["ne"]
    body = _referral(
        world,
        "ne",
        kind="advocate",
        mappa_category=None,
        mappa_level=None,
        advocate="advocate",
        support_needs="Housing move; safety alarm",
    )
    refused = call(
        world,
        "stac",
        "post",
        f"/reports/{world.reports['cn'].pk}/referrals",
        {**body, "victim_party_id": pair(world.reports["cn"])[0]},
    )
    assert refused.status_code == 403  # it grants access: a report writer makes it
    made = call(world, "officer_ne", "post", f"/reports/{report.pk}/referrals", body)
    assert made.status_code == 201, made.content
    victim, _ = pair(report)
    assert AdvocateAssignment.objects.filter(
        party_id=victim, advocate__username="advocate"
    ).exists()
    mine = call(world, "advocate", "get", "/advocate/victims").json()
    assert [i["support_needs"] for i in mine["items"]] == ["Housing move; safety alarm"]
    assert mine["items"][0]["victim"]["name"] == "Bella OKAFOR"
    # the advocate still sees no assessments or plans
    assert call(world, "advocate", "get", f"/reports/{report.pk}/assessments").status_code == 404
    assert call(world, "advocate", "get", f"/reports/{report.pk}/plan").status_code == 404


def test_conference_plan_and_overdue_actions(world: World) -> None:
    report = world.reports["cn"]
    conference = {
        "held_on": TODAY.isoformat(),
        "attendees": [
            {"name": "DS Grey", "agency": "police"},
            {"name": "Dr Patel", "agency": "mental_health"},
            {"name": "PO Lane", "agency": "probation"},
            {"name": "J Smith", "agency": "advocate_service"},
        ],
        "decisions": "SRP; SPO application; victim safety plan review.",
    }
    assert (
        call(world, "stac", "post", f"/reports/{report.pk}/conferences", conference).status_code
        == 201
    )
    bad = {**conference, "attendees": [{"name": "X", "agency": "army"}]}
    response = call(world, "stac", "post", f"/reports/{report.pk}/conferences", bad)
    assert (
        response.status_code == 400 and response.json()["error"]["field"] == "attendees[0].agency"
    )
    assert CaseConference.objects.count() == 1
    early = call(
        world,
        "stac",
        "post",
        f"/reports/{report.pk}/plan/actions",
        {"agency": "police", "description": "x", "owner": "y", "due_on": TODAY.isoformat()},
    )
    assert early.status_code == 400 and early.json()["error"]["field"] == "review_on"
    plan = call(
        world,
        "stac",
        "put",
        f"/reports/{report.pk}/plan",
        {"review_on": (TODAY + timedelta(days=28)).isoformat()},
    )
    assert plan.status_code == 200 and plan.json()["plan"]["review_overdue"] is False
    for days, owner in ((-1, "PC Lee"), (5, "Dr Patel")):
        action = {
            "agency": "police",
            "description": f"Task for {owner}",
            "owner": owner,
            "due_on": (TODAY + timedelta(days=days)).isoformat(),
        }
        assert (
            call(world, "stac", "post", f"/reports/{report.pk}/plan/actions", action).status_code
            == 201
        )
    overdue = call(world, "stac", "get", "/risk/overdue-actions").json()
    assert [i["owner"] for i in overdue["items"]] == ["PC Lee"]
    cases = call(world, "stac", "get", "/stac/cases").json()["items"]
    assert cases[0]["overdue_actions"] == 1
    supervisor = call(world, "supervisor_cn", "get", "/risk/overdue-actions").json()
    assert supervisor["count"] == 1
    action_id = overdue["items"][0]["id"]
    wrong = call(world, "stac", "patch", f"/plan-actions/{action_id}", {"status": "finished"})
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "status"
    done = call(world, "stac", "patch", f"/plan-actions/{action_id}", {"status": "done"})
    assert done.status_code == 200 and done.json()["overdue"] is False
    assert call(world, "stac", "get", "/risk/overdue-actions").json()["count"] == 0
    assert PlanAction.objects.filter(status="done").count() == 1
    assert Plan.objects.count() == 1


def _task(world: World, who: str = "officer_cn") -> Any:
    return call(world, who, "get", f"/reports/{world.reports['cn'].pk}/reassessment").json()["task"]


def test_reassessment_falls_due_and_closes(world: World, settings: Any) -> None:
    report = world.reports["cn"]
    assert _task(world) is None
    officer = world.users["officer_cn"]
    actions.record_assessment(
        officer, report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    task = _task(world)
    assert task["reasons"] == ["review_interval"]
    assert task["due_on"] == (TODAY + timedelta(days=settings.RISK_REVIEW_DAYS)).isoformat()
    case_actions.add_occasion(
        officer,
        report.pk,
        AddOccasion.from_dict(
            {"started_at": datetime.now(UTC) - timedelta(hours=2), "behaviours": ["loitering"]}
        ),
    )
    task = _task(world)
    assert task["reasons"] == ["review_interval", "new_occasion"]
    assert task["due_on"] == (TODAY + timedelta(days=settings.RISK_TRIGGER_DAYS)).isoformat()
    breach = call(
        world,
        "officer_cn",
        "post",
        f"/reports/{report.pk}/reassessments",
        {"reason": "breach", "note": "Contact after SPO"},
    )
    assert breach.status_code == 201
    assert "breach" in _task(world)["reasons"]
    bad = call(
        world, "officer_cn", "post", f"/reports/{report.pk}/reassessments", {"reason": "boredom"}
    )
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "reason"
    assert ReassessmentRequest.objects.count() == 1
    listed = call(world, "officer_cn", "get", "/risk/tasks").json()["items"]
    assert [t["reference"] for t in listed] == [report.reference]
    actions.record_assessment(
        officer, report.pk, assessment_command(report, "dash", dash_answers(6))
    )
    assert _task(world)["reasons"] == ["review_interval"]
    assert call(world, "officer_cn", "get", "/risk/tasks").json()["count"] == 0


def test_escalation_raises_a_reassessment(world: World) -> None:
    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    actions.record_assessment(
        officer, report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    for days in (20, 3):
        case_actions.add_occasion(
            officer,
            report.pk,
            AddOccasion.from_dict(
                {
                    "started_at": datetime.now(UTC) - timedelta(days=days),
                    "behaviours": ["contacting"],
                }
            ),
        )
    assert "escalation" in _task(world)["reasons"]


def test_overdue_review_is_listed_as_overdue(world: World) -> None:
    report = world.reports["cn"]
    stored = actions.record_assessment(
        world.users["officer_cn"], report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    from foursight.risk.models import Assessment

    Assessment.objects.filter(pk=stored.pk).update(
        assessed_at=stored.assessed_at - timedelta(days=40)
    )
    items = call(world, "officer_cn", "get", "/risk/tasks").json()["items"]
    assert items[0]["overdue"] is True and "review_interval" in items[0]["reasons"]


def test_a_confirmed_breach_makes_the_reassessment_due(world: World) -> None:
    from foursight.orders import actions as order_actions

    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    actions.record_assessment(
        officer, report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    order = order_actions.create_order(
        officer,
        CreateOrder.from_dict(
            {
                "kind": "restraining_conviction",
                "subject_id": world.persons["suspect_cn"].pk,
                "protected_ids": [world.persons["victim_cn"].pk],
                "report_id": report.pk,
                "court": "Highbury Corner Magistrates",
                "made_on": TODAY - timedelta(days=30),
                "until_further_order": True,
            }
        ),
    )
    order_actions.record_breach(
        officer,
        order.pk,
        RecordBreach.from_dict(
            {
                "occurred_at": datetime.now(UTC) - timedelta(hours=3),
                "report_id": report.pk,
                "description": "Messages after the order",
            }
        ),
    )
    task = _task(world)
    assert "breach" in task["reasons"]
    assert task["due_on"] <= (TODAY + timedelta(days=3)).isoformat()
