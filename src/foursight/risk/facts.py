"""The risk app's facts for the case header (``RiskConfig.case_facts``).

The latest risk level and when it was assessed, and the next risk actions: the
reassessment due, the STAC plan's next action and review, a STAC referral waiting for
the STAC's decision, or the first screen to complete. Shown only to roles that see the
report's risk records (those that see its victims).
"""

from __future__ import annotations

from typing import Any

from foursight.accounts.access import sees_victims
from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.core import reference
from foursight.core.instruments import load_instruments
from foursight.risk.access import ASSESSORS, STAC_VIEWERS
from foursight.risk.models import Assessment, Plan, PlanAction
from foursight.risk.tasks import report_tasks

STALKING_CATEGORY = "stalking_harassment"


def is_stalking_case(report: Report) -> bool:
    """Whether an offence on the report is stalking or harassment (FOUR is the first screen)."""
    categories = reference.offence_categories()
    return any(categories.get(o.code) == STALKING_CATEGORY for o in report.offences.all())


def latest_risk(assessments: list[Assessment]) -> dict[str, Any] | None:
    """The latest level (DASH, S-DASH, DARA ...) and when; else the latest screen."""
    if not assessments:
        return None
    names = {i.id: i.name for i in load_instruments().values()}
    levelled = [a for a in assessments if a.level]
    latest = (levelled or assessments)[-1]
    return {
        "level": latest.level,
        "instrument": names.get(latest.instrument, latest.instrument),
        "assessed_at": latest.assessed_at,
        "href": f"/assessments/{latest.pk}",
    }


def _plan_actions(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    plan = Plan.objects.filter(report=report).first()
    if plan is None:
        return out
    stac = f"/reports/{report.pk}/stac#plan"
    out.append({"label": "STAC plan review", "due": plan.review_on, "href": stac})
    first = (
        PlanAction.objects.filter(plan=plan, status=PlanAction.Status.OPEN)
        .order_by("due_on", "id")
        .first()
    )
    if first is not None:
        text = first.description if len(first.description) <= 60 else first.description[:57] + "…"
        out.append({"label": f"Plan action: {text}", "due": first.due_on, "href": stac})
    return out


def _first_steps(user: User, report: Report) -> list[dict[str, Any]]:
    """Before any assessment: the screen to complete (FOUR on stalking and harassment)."""
    if user.role not in ASSESSORS:
        return []
    if is_stalking_case(report):
        href = f"/reports/{report.pk}/risk/assess/four"
        return [{"label": "Complete the FOUR stalking screen", "due": None, "href": href}]
    return [{"label": "Assess the risk", "due": None, "href": f"/reports/{report.pk}/risk"}]


def case_facts(user: User, report: Report, parties: list[Party]) -> dict[str, Any]:
    if not sees_victims(user):
        return {}
    assessments = list(Assessment.objects.filter(report=report).order_by("assessed_at", "id"))
    actions = _plan_actions(report)
    task = report_tasks(report, assessments)
    if task is not None:
        href = f"/reports/{report.pk}/risk#task"
        actions.append({"label": "Risk reassessment", "due": task.due_on, "href": href})
    if not assessments:
        actions += _first_steps(user, report)
    if user.role in STAC_VIEWERS and report.stac_referred_at and not report.stac_decision:
        href = f"/reports/{report.pk}/stac#decision"
        actions.append({"label": "Accept or decline the STAC referral", "due": None, "href": href})
    return {"risk": latest_risk(assessments), "actions": actions}
