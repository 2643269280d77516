"""Stored assessments through the API: versions, trend, every threshold edge, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.cases import actions as case_actions
from foursight.cases.models import Report
from foursight.core.report_commands import AddOccasion, CreateReport
from foursight.risk.models import Assessment, Referral
from tests.conftest import World
from tests.risk.risk_support import (
    FOUR_STALKING,
    assessment_body,
    call,
    dash_answers,
    pair,
    sdash_answers,
)


def _assess(
    world: World, who: str, report: Report, instrument: str, answers: Any, **extra: Any
) -> Any:
    body = assessment_body(report, instrument, answers, **extra)
    return call(world, who, "post", f"/reports/{report.pk}/assessments", body)


def _add_occasion(world: World, report: Report, days_ago: int) -> None:
    case_actions.add_occasion(
        world.users["officer_cn"],
        report.pk,
        AddOccasion.from_dict(
            {
                "started_at": datetime.now(UTC) - timedelta(days=days_ago),
                "behaviours": ["contacting"],
            }
        ),
    )


def _fresh_report(world: World, days_ago: list[int]) -> Report:
    """A CN report whose occasions fall the given numbers of days before today."""
    now = datetime.now(UTC)
    return case_actions.create_report(
        world.users["officer_cn"],
        CreateReport.from_dict(
            {
                "unit": "CN-CAMDEN",
                "reported_at": now,
                "channel": "online",
                "offences": ["8Q"],
                "victims": [{"person_id": world.persons["victim_cn"].pk}],
                "suspects": [{"person_id": world.persons["suspect_cn"].pk}],
                "occasions": [
                    {"started_at": now - timedelta(days=d), "behaviours": ["contacting"]}
                    for d in days_ago
                ],
            }
        ),
    )


@pytest.mark.parametrize(
    ("yes", "level", "marac"),
    [(9, "standard", False), (10, "medium", False), (13, "medium", False), (14, "high", True)],
)
def test_dash_band_edges_are_stored(world: World, yes: int, level: str, marac: bool) -> None:
    report = world.reports["cn"]
    response = _assess(world, "officer_cn", report, "dash", dash_answers(yes, q8="no"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["score"], body["level"], body["marac_referral"]) == (yes, level, marac)
    assert ("visible_high_risk" in body["criteria"]) is marac
    stored = Assessment.objects.get(pk=body["id"])
    assert (stored.score, stored.level, stored.version) == (yes, level, 1)


def test_dont_know_is_not_a_yes(world: World) -> None:
    report = world.reports["cn"]
    body = _assess(world, "officer_cn", report, "dash", dash_answers(13, dont_know=5)).json()
    assert (body["score"], body["level"], body["counts"]["dont_know"]) == (13, "medium", 5)
    assert body["marac_referral"] is False


def test_judgement_raises_and_lowering_is_refused(world: World) -> None:
    report = world.reports["cn"]
    judged = {"level": "high", "rationale": "Threats to kill last week."}
    body = _assess(world, "officer_cn", report, "dash", dash_answers(12), judgement=judged).json()
    assert (body["level"], body["raised_by_judgement"]) == ("high", True)
    assert body["criteria"][0] == "professional_judgement"
    before = Assessment.objects.count()
    lowered = {"level": "medium", "rationale": "The victim seems calmer."}
    response = _assess(world, "officer_cn", report, "dash", dash_answers(14), judgement=lowered)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "judgement.level"
    no_reason = _assess(
        world,
        "officer_cn",
        report,
        "dash",
        dash_answers(3),
        judgement={"level": "high", "rationale": " "},
    )
    assert no_reason.json()["error"]["field"] == "judgement.rationale"
    assert Assessment.objects.count() == before


def test_versions_and_trend(world: World) -> None:
    report = world.reports["cn"]
    for yes in (6, 11, 15):
        assert _assess(world, "officer_cn", report, "dash", dash_answers(yes)).status_code == 201
    listing = call(world, "officer_cn", "get", f"/reports/{report.pk}/assessments").json()
    assert [a["version"] for a in listing["items"]] == [1, 2, 3]
    (series,) = listing["trend"]
    assert [(p["score"], p["level"]) for p in series["points"]] == [
        (6, "standard"),
        (11, "medium"),
        (15, "high"),
    ]
    first = listing["items"][0]["id"]
    again = call(world, "officer_cn", "get", f"/assessments/{first}").json()
    assert again["score"] == 6  # the first version is kept as it was
    assert AuditEntry.objects.filter(object_type="assessment", action="created").count() == 3
    assert AuditEntry.objects.filter(object_type="assessment", action="viewed").count() == 1


@pytest.mark.parametrize(
    ("q8", "very_frightened", "extra_days", "triggered"),
    [
        ("no", False, [], False),
        ("yes", False, [], True),
        ("no", True, [], True),
        ("no", False, [3], True),
    ],
)
def test_sdash_offered_per_the_triggers(
    world: World, q8: str, very_frightened: bool, extra_days: list[int], triggered: bool
) -> None:
    report = world.reports["cn"]
    for days in extra_days:
        _add_occasion(world, report, days)
    body = _assess(
        world,
        "officer_cn",
        report,
        "dash",
        dash_answers(2, q8=q8),
        victim_very_frightened=very_frightened,
    ).json()
    assert ("sdash" in body["triggers"]) is triggered


def test_four_screen_then_sdash_needs_judgement(world: World) -> None:
    report = world.reports["cn"]
    _add_occasion(world, report, 2)
    four = _assess(world, "officer_cn", report, "four", FOUR_STALKING).json()
    assert four["outcomes"]["stalking_indicated"] is True
    assert {"dash", "sdash"} <= set(four["triggers"])
    missing = _assess(world, "officer_cn", report, "sdash", sdash_answers(7))
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "judgement"
    graded = _assess(
        world,
        "officer_cn",
        report,
        "sdash",
        sdash_answers(7),
        judgement={"level": "high", "rationale": "Fixated, escalating, turned up at work."},
    ).json()
    assert (graded["score"], graded["level"], graded["marac_referral"]) == (7, "high", False)


@pytest.mark.parametrize(("oldest", "escalation"), [(365, True), (366, False)])
def test_marac_escalation_window(world: World, oldest: int, escalation: bool) -> None:
    report = _fresh_report(world, [oldest, 100, 1])
    body = _assess(world, "officer_cn", report, "dash", dash_answers(2)).json()
    assert ("potential_escalation" in body["criteria"]) is escalation
    assert body["marac_referral"] is escalation


def test_escalation_window_is_a_setting(world: World, settings: Any) -> None:
    settings.MARAC_ESCALATION_DAYS = 183
    report = _fresh_report(world, [200, 100, 1])
    body = _assess(world, "officer_cn", report, "dash", dash_answers(2)).json()
    assert "potential_escalation" not in body["criteria"]


def test_repeat_after_the_last_marac(world: World) -> None:
    report = _fresh_report(world, [1])
    victim, _ = pair(report)
    made = call(
        world,
        "officer_cn",
        "post",
        f"/reports/{report.pk}/referrals",
        {
            "kind": "marac",
            "victim_party_id": victim,
            "consent": False,
            "consent_note": "High risk: referred without consent",
            "reason": "Visible high risk",
            "referred_on": (datetime.now(UTC) - timedelta(days=30)).date().isoformat(),
        },
    )
    assert made.status_code == 201, made.content
    body = _assess(world, "officer_cn", report, "dash", dash_answers(2)).json()
    assert body["criteria"] == ["repeat"]
    assert Referral.objects.filter(kind="marac").count() == 1


def test_srp_and_sam_need_a_licensed_assessor(world: World) -> None:
    report = world.reports["cn"]
    srp = {
        "type": "rejected",
        "violence": "high",
        "persistence": "moderate",
        "recurrence": "low",
        "psychosocial_damage": "high",
    }
    assert _assess(world, "officer_cn", report, "srp", srp).status_code == 403
    response = _assess(world, "stac", report, "srp", srp)
    assert response.status_code == 201, response.content
    assert response.json()["answers"]["type"] == "rejected"
    sam = {
        "case_prioritisation": "high",
        "continued_stalking": "high",
        "stalking_violence": "moderate",
    }
    assert _assess(world, "stac", report, "sam", sam).status_code == 201
    dara = _assess(
        world,
        "stac",
        report,
        "dara",
        {},
        judgement={"level": "high", "rationale": "Escalating threats."},
    )
    assert dara.json()["criteria"] == ["professional_judgement"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": {**dash_answers(3), "q28": "yes"}}, "answers.q28"),
        ({"answers": {**dash_answers(3), "q4": "maybe"}}, "answers.q4"),
        ({"answers": {"q1": "yes"}}, "answers.q2"),
        ({"victim_party_id": 0}, "victim_party_id"),
        ({"suspect_party_id": 0}, "suspect_party_id"),
        ({"instrument": "oasys"}, "instrument"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    report = world.reports["cn"]
    body = {**assessment_body(report, "dash", dash_answers(3)), **change}
    response = call(world, "officer_cn", "post", f"/reports/{report.pk}/assessments", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert not Assessment.objects.exists()


def test_every_risk_route_is_in_the_openapi_schema(world: World) -> None:
    paths = set(world.api("officer_cn").get("/api/v1/openapi.json").json()["paths"])
    expected = {
        "/api/v1/instruments/{instrument_id}/score",
        "/api/v1/reports/{report_id}/assessments",
        "/api/v1/assessments/{assessment_id}",
        "/api/v1/reports/{report_id}/reassessment",
        "/api/v1/reports/{report_id}/reassessments",
        "/api/v1/risk/tasks",
        "/api/v1/risk/overdue-actions",
        "/api/v1/stac/cases",
        "/api/v1/reports/{report_id}/conferences",
        "/api/v1/reports/{report_id}/plan",
        "/api/v1/reports/{report_id}/plan/actions",
        "/api/v1/plan-actions/{action_id}",
        "/api/v1/reports/{report_id}/referrals",
        "/api/v1/advocate/victims",
    }
    assert expected <= paths
