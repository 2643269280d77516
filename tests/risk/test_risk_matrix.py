"""Every risk route and page against every role and unit.

The oracle restates the need-to-know rules of ``risk/access.py`` by hand: risk records
reach only those who open the report and see its victims; each write has its own roles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from foursight.core.plans import AddPlanAction, SetPlan
from foursight.risk import actions, plan_actions
from foursight.risk.models import Assessment, PlanAction
from tests.conftest import ROLES, World
from tests.risk.risk_support import (
    JUSTIFY,
    assessment_body,
    assessment_command,
    call,
    dash_answers,
    pair,
)

RISK_READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "admin"},
    "ne": {"officer_ne", "admin"},
}
ASSESSORS = {"officer_cn", "officer_ne", "supervisor_cn", "stac", "admin"}
CONFERENCE = {"stac", "admin"}
PLANNERS = {"stac", "supervisor_cn", "admin"}
TASK_VIEWERS = {"officer_cn", "officer_ne", "supervisor_cn", "stac", "admin"}
TODAY = datetime.now(UTC).date()

READS = [
    "/reports/{id}/assessments",
    "/reports/{id}/reassessment",
    "/reports/{id}/conferences",
    "/reports/{id}/plan",
    "/reports/{id}/referrals",
]


def _writes(world: World, key: str) -> list[tuple[str, str, dict[str, Any], set[str]]]:
    report = world.reports[key]
    victim, _ = pair(report)
    return [
        (
            "post",
            "/reports/{id}/assessments",
            assessment_body(report, "dash", dash_answers(5)),
            ASSESSORS,
        ),
        ("post", "/reports/{id}/reassessments", {"reason": "breach"}, ASSESSORS),
        (
            "post",
            "/reports/{id}/conferences",
            {
                "held_on": TODAY.isoformat(),
                "attendees": [{"name": "DS Grey", "agency": "police"}],
                "decisions": "Plan agreed",
            },
            CONFERENCE,
        ),
        ("put", "/reports/{id}/plan", {"review_on": TODAY.isoformat()}, PLANNERS),
        (
            "post",
            "/reports/{id}/referrals",
            {
                "kind": "mental_health",
                "victim_party_id": victim,
                "consent": True,
                "consent_note": "Signed form",
                "reason": "Suspect in crisis",
            },
            ASSESSORS,
        ),
    ]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("path", READS)
def test_reads(world: World, who: str, key: str, path: str) -> None:
    response = call(world, who, "get", path.format(id=world.reports[key].pk))
    expected = 200 if who in RISK_READERS[key] else 404
    assert response.status_code == expected, response.content
    if expected == 404:
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("index", range(5))
def test_writes(world: World, who: str, key: str, index: int) -> None:
    method, path, body, roles = _writes(world, key)[index]
    response = call(world, who, method, path.format(id=world.reports[key].pk), body)
    if who not in RISK_READERS[key] and who in roles:
        assert response.status_code == 404, response.content
    elif who not in RISK_READERS[key]:  # refused by role before any record is read
        assert response.status_code in (403, 404), response.content
    elif who not in roles:
        assert response.status_code == 403, response.content
    else:
        assert response.status_code in (200, 201), response.content


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_one_assessment_and_plan_action(world: World, who: str, key: str) -> None:
    report = world.reports[key]
    owner = world.users["officer_cn" if key == "cn" else "officer_ne"]
    stored = actions.record_assessment(
        owner, report.pk, assessment_command(report, "dash", dash_answers(4))
    )
    admin = world.users["admin"]
    plan_actions.set_plan(admin, report.pk, SetPlan(review_on=TODAY), justification=JUSTIFY)
    action = plan_actions.add_plan_action(
        admin,
        report.pk,
        AddPlanAction(agency="police", description="Check", owner="PC Lee", due_on=TODAY),
        justification=JUSTIFY,
    )
    read = call(world, who, "get", f"/assessments/{stored.pk}")
    assert read.status_code == (200 if who in RISK_READERS[key] else 404)
    patch = call(world, who, "patch", f"/plan-actions/{action.pk}", {"status": "done"})
    if who not in RISK_READERS[key]:
        assert patch.status_code in ((404,) if who in PLANNERS else (403, 404))
    else:
        assert patch.status_code == (200 if who in PLANNERS else 403), patch.content
    assert Assessment.objects.count() == 1
    done = PlanAction.objects.get().status == "done"
    assert done == (who in RISK_READERS[key] and who in PLANNERS)


@pytest.mark.parametrize("who", list(ROLES))
def test_lists(world: World, who: str) -> None:
    tasks = call(world, who, "get", "/risk/tasks")
    assert tasks.status_code == (200 if who in TASK_VIEWERS else 404)
    overdue = call(world, who, "get", "/risk/overdue-actions")
    assert overdue.status_code == (200 if who in TASK_VIEWERS else 404)
    stac = call(world, who, "get", "/stac/cases")
    assert stac.status_code == (200 if who in {"stac", "admin"} else 404)
    if stac.status_code == 200:
        refs = {item["reference"] for item in stac.json()["items"]}
        assert refs == {world.reports["cn"].reference}  # only the referred report
    victims = call(world, who, "get", "/advocate/victims")
    assert victims.status_code == 200 and (victims.json()["count"] == 0 or who == "advocate")


def test_admin_lists_need_a_justification(world: World) -> None:
    response = world.api("admin").get("/api/v1/stac/cases")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "justification_required"


def test_tasks_list_only_own_bcu(world: World) -> None:
    for key in ("cn", "ne"):
        officer = world.users[f"officer_{key}"]
        report = world.reports[key]
        actions.record_assessment(
            officer, report.pk, assessment_command(report, "dash", dash_answers(4))
        )
        actions.request_reassessment(officer, report.pk, "threat_hits")
    refs = {t["reference"] for t in call(world, "officer_cn", "get", "/risk/tasks").json()["items"]}
    assert refs == {world.reports["cn"].reference}
    stac = {t["reference"] for t in call(world, "stac", "get", "/risk/tasks").json()["items"]}
    assert stac == {world.reports["cn"].reference}


PAGES = ["/reports/{id}/risk", "/reports/{id}/stac", "/reports/{id}/risk/assess/dash"]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_pages(world: World, who: str, key: str) -> None:
    client = world.page(who)
    if who in ("pou", "admin"):
        assert client.post("/purpose", {"reason": JUSTIFY, "next": "/"}).status_code == 302
    report = world.reports[key]
    for path in PAGES:
        response = client.get(path.format(id=report.pk))
        if who not in RISK_READERS[key]:
            expected = 404
        elif path.endswith("/dash"):
            expected = 200 if who in ASSESSORS else 403
        else:
            expected = 200
        assert response.status_code == expected, (path, response.status_code)
    assert client.get("/stac").status_code == (200 if who in {"stac", "admin"} else 404)
    assert client.get("/risk/tasks").status_code == (200 if who in TASK_VIEWERS else 404)
    assert client.get("/risk/advocate").status_code == (200 if who == "advocate" else 404)
    srp = client.get(f"/reports/{report.pk}/risk/assess/srp")
    assert srp.status_code == (200 if who == "stac" and key == "cn" else srp.status_code)
    if who != "stac":
        assert srp.status_code in (403, 404)


def test_pages_need_login(world: World) -> None:
    from django.test import Client

    for path in ("/risk/tasks", "/stac", f"/reports/{world.reports['cn'].pk}/risk"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login")
