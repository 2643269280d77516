"""Demo: screenings and DASH for some reports, and STAC plans with conferences and actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from foursight.accounts.models import Role, User
from foursight.cases.models import Party, Report
from foursight.core.assessment_commands import RecordAssessment
from foursight.core.conferences import Attendee, RecordConference
from foursight.core.plans import AddPlanAction, SetPlan
from foursight.risk import actions, plan_actions

FOUR = {
    "fixated": "yes",
    "obsessive": "yes",
    "unwanted": "yes",
    "repeated": "yes",
    "act_contacting": "yes",
    "impact_fear_violence": "yes",
    "impact_daily_life": "yes",
}


def _dash(yes: int) -> dict[str, str]:
    return {f"q{n}": "yes" if n <= yes else "no" for n in range(1, 28)}


def _assess(officer: User, report: Report, yes: int) -> int:
    victim = Party.objects.filter(report=report, role="victim").first()
    suspect = Party.objects.filter(report=report, role="suspect").first()
    if victim is None or suspect is None:
        return 0
    for instrument, answers in (("four", FOUR), ("dash", _dash(yes))):
        actions.record_assessment(
            officer, report.pk, RecordAssessment(instrument, victim.pk, suspect.pk, answers)
        )
    return 2


def load() -> dict[str, int]:
    """Assess 12 reports per demo officer's BCU and plan the first STAC cases."""
    officers = {
        u.home_bcu_id: u for u in User.objects.filter(role=Role.OFFICER).select_related("unit")
    }
    stac = User.objects.filter(role=Role.STAC).first()
    made = {"assessments": 0, "plans": 0, "plan actions": 0, "conferences": 0}
    today = datetime.now(UTC).date()
    referred = list(
        Report.objects.filter(stac_referred_at__isnull=False).select_related("unit")[:6]
    )
    for i, report in enumerate(referred):
        officer = officers.get(report.unit.bcu_id)
        if officer is None or stac is None:
            continue
        made["assessments"] += _assess(officer, report, 14 + i % 4)
        plan_actions.set_plan(stac, report.pk, SetPlan(review_on=today + timedelta(days=14 + i)))
        made["plans"] += 1
        for agency, what, days in (
            ("police", "Serve the Stalking Protection Order", -2 if i % 2 == 0 else 5),
            ("mental_health", "Clinical assessment of the suspect (SRP)", 10),
            ("advocate_service", "Safety plan review with the victim", 3),
        ):
            plan_actions.add_plan_action(
                stac,
                report.pk,
                AddPlanAction(
                    agency=agency,
                    description=what,
                    owner=f"{agency} lead",
                    due_on=today + timedelta(days=days),
                ),
            )
            made["plan actions"] += 1
        plan_actions.record_conference(
            stac,
            report.pk,
            RecordConference(
                held_on=today,
                attendees=(
                    Attendee("DS Morgan", "police"),
                    Attendee("Dr Shah", "mental_health"),
                    Attendee("PO Evans", "probation"),
                ),
                decisions="Apply for an SPO; SRP by the clinician; review in two weeks.",
            ),
        )
        made["conferences"] += 1
    for bcu_id, officer in officers.items():
        open_reports = Report.objects.filter(
            stac_referred_at__isnull=True, status="open", unit__parent_id=bcu_id
        ).order_by("-reported_at")[:12]
        for j, report in enumerate(open_reports):
            made["assessments"] += _assess(officer, report, 4 + j)
    return made
