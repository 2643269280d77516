"""The risk summary panel on the report page (``RiskConfig.report_panels``)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpRequest
from django.template.loader import render_to_string

from foursight.accounts.access import sees_victims
from foursight.accounts.models import User
from foursight.cases.access import visible_reports
from foursight.cases.models import Report
from foursight.people.models import Person
from foursight.risk.models import Assessment, PlanAction
from foursight.risk.tasks import report_tasks


def report_risk_panel(request: HttpRequest, user: User, report: Report) -> str:
    """Latest result per instrument, the reassessment due date and overdue plan actions.

    The report page has already passed the report gatekeeper; the panel adds the risk
    rule (the user sees the report's victims) and shows nothing otherwise.
    """
    if not sees_victims(user):
        return ""
    assessments = list(Assessment.objects.filter(report=report).order_by("assessed_at", "id"))
    latest = {a.instrument: a for a in assessments}
    today = datetime.now(UTC).date()
    task = report_tasks(report, assessments)
    overdue = PlanAction.objects.filter(
        plan__report=report, status=PlanAction.Status.OPEN, due_on__lt=today
    ).count()
    return render_to_string(
        "risk/_panel.html",
        {
            "report": report,
            "latest": [
                {
                    "instrument": a.instrument,
                    "version": a.version,
                    "level": a.level,
                    "score": a.score,
                    "marac_referral": a.marac_referral,
                    "assessed_at": a.assessed_at.isoformat(),
                }
                for a in latest.values()
            ],
            "task": task.to_dict(today) if task else None,
            "overdue": overdue,
        },
        request=request,
    )


def person_risk_panel(request: HttpRequest, user: User, person: Person) -> str:
    """A victim's risk results across the reports whose risk records the user may see.

    The person page has already passed the person gatekeeper (and audited the view).
    """
    if not sees_victims(user):
        return ""
    assessments = list(
        Assessment.objects.filter(
            victim__person=person, report__in=visible_reports(user).values("pk")
        )
        .exclude(level="")
        .select_related("report")
        .order_by("-assessed_at", "-id")[:20]
    )
    if not assessments:
        return ""
    return render_to_string(
        "risk/_person_panel.html", {"assessments": assessments}, request=request
    )
