"""STAC pages: the case list across BCUs, a case's conferences and plan, and dashboards."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from foursight.accounts.models import Role, Unit, User
from foursight.accounts.views import page_justification, page_user
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Report
from foursight.cases.serialise import stac_referral_out
from foursight.cases.stac_actions import DECIDERS, decide_stac_referral
from foursight.core.plans import UpdatePlanAction
from foursight.core.stac_commands import DecideStacReferral
from foursight.errors import InvalidInput, NotFound
from foursight.risk import plan_actions
from foursight.risk.access import (
    CONFERENCE_WRITERS,
    PLAN_WRITERS,
    reports_with_risk,
    risk_report_for,
    stac_cases,
)
from foursight.risk.forms import conference_data, plan_action_data, plan_data
from foursight.risk.models import Agency, Assessment, CaseConference, Plan, PlanAction
from foursight.risk.serialise import conference_out, plan_out
from foursight.risk.stac_list import LEVELS, STATUSES, StacFilters, filter_cases
from foursight.risk.tasks import REASON_LABELS, due_tasks, overdue_actions, stac_overview
from foursight.risk.worklist_panels import advocate_list, render_worklist
from foursight.server.context import panels
from foursight.server.forms import Field, redisplay


@login_required
def stac_case_list(request: HttpRequest) -> HttpResponse:
    """Every case referred to the STAC, across BCUs, filtered by decision, BCU, risk level
    and text; newest referral first, overdue plan actions above."""
    user = page_user(request)
    today = datetime.now(UTC).date()
    reports = stac_cases(user, justification=page_justification(request))
    filters = StacFilters.from_query(request.GET.dict())
    rows = filter_cases(user, stac_overview(reports), filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cases": [{"report": r, "plan": getattr(r, "plan", None)} for r in page.object_list],
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "statuses": STATUSES,
        "levels": LEVELS,
        "bcus": Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"),
        "overdue": list(overdue_actions(reports)[:100]),
        "today": today,
        "count": reports.count(),
    }
    return render(request, "risk/stac_cases.html", context)


def four_result(report: Report) -> dict[str, Any] | None:
    """The latest FOUR screen of the report: whether stalking was indicated, and when."""
    four = Assessment.objects.filter(report=report, instrument="four").order_by("-assessed_at")
    latest = four.first()
    if latest is None:
        return None
    outcomes = latest.result.get("outcomes", {})
    return {
        "id": latest.pk,
        "assessed_at": latest.assessed_at,
        "stalking": bool(outcomes.get("stalking_indicated")),
        "s4a": bool(outcomes.get("s4a_indicated")),
    }


def stac_case_context(request: HttpRequest, user: User, report: Report) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    return {
        "report": report,
        "referral": stac_referral_out(report),
        "four": four_result(report),
        "can_decide": user.role in DECIDERS and report.stac_referred_at is not None,
        "conferences": _conferences(report),
        "plan": _plan(report, today),
        "agencies": Agency.choices,
        "statuses": PlanAction.Status.choices,
        "can_confer": user.role in CONFERENCE_WRITERS,
        "can_plan": user.role in PLAN_WRITERS,
        "today": today,
        "panels": panels("stac_panels", request, user, report),
    }


def _plan(report: Report, today: date) -> dict[str, Any] | None:
    """The plan as the API gives it, with its dates as dates for the page to show."""
    plan = plan_out(Plan.objects.filter(report=report).first(), today)
    if plan is None:
        return None
    plan["review_on"] = date.fromisoformat(plan["review_on"])
    for action in plan["actions"]:
        action["due_on"] = date.fromisoformat(action["due_on"])
    return plan


def _conferences(report: Report) -> list[dict[str, Any]]:
    """The report's conferences, each attendee's agency by name."""
    names = dict(Agency.choices)
    out = [conference_out(c) for c in CaseConference.objects.filter(report=report)]
    for conference in out:
        conference["held_on"] = date.fromisoformat(conference["held_on"])
        for attendee in conference["attendees"]:
            attendee["agency_name"] = names.get(attendee.get("agency", ""), "")
    return out


@login_required
def stac_case(request: HttpRequest, report_id: int) -> HttpResponse:
    """One STAC case: the referral and its decision, a summary, conferences and the plan."""
    user = page_user(request)
    report = risk_report_for(user, report_id, justification=page_justification(request))
    return render(request, "risk/stac_case.html", stac_case_context(request, user, report))


@login_required
@require_POST
def stac_decision(request: HttpRequest, report_id: int) -> HttpResponse:
    """The STAC accepts or declines the referral; a decline without a reason re-displays
    the page with the GOV.UK error summary and what was typed (400)."""
    user = page_user(request)
    command = DecideStacReferral(
        decision=request.POST.get("decision", ""), reason=request.POST.get("reason", "")
    )
    try:
        report = decide_stac_referral(
            user, report_id, command, justification=page_justification(request)
        )
    except InvalidInput as exc:
        report = risk_report_for(user, report_id, justification=page_justification(request))
        context = stac_case_context(request, user, report)
        field = "decision-reason" if exc.field == "reason" else "decision-accepted"
        message = exc.message.split(": ", 1)[-1]
        context["form_errors"] = [{"field": field, "message": message.capitalize()}]
        context["decision_error"] = {"field": exc.field, "message": message.capitalize()}
        context["posted"] = command
        return render(request, "risk/stac_case.html", context, status=400)
    word = "accepted" if report.stac_decision == "accepted" else "declined"
    messages.success(request, f"Referral {word}. The decision is recorded.")
    return redirect(f"/reports/{report_id}/stac#decision")


CONFERENCE_FIELDS = {
    "held_on": Field("c-date", "Date held"),
    "decisions": Field("c-decisions", "Decisions"),
    "attendees": Field("c-name-1", "Attendees"),
}
PLAN_FIELDS = {
    "review_on": Field("p-review", "Plan review date"),
    "summary": Field("p-summary", "Summary"),
}
ACTION_FIELDS = {
    "agency": Field("x-agency", "Agency"),
    "description": Field("x-desc", "Action"),
    "owner": Field("x-owner", "Owner"),
    "due_on": Field("x-due", "Due date"),
}


@login_required
@require_POST
@redisplay(stac_case, "conference", CONFERENCE_FIELDS)
def conference_new(request: HttpRequest, report_id: int) -> HttpResponse:
    plan_actions.record_conference(
        page_user(request),
        report_id,
        conference_data(request.POST),
        justification=page_justification(request),
    )
    messages.success(request, "Case conference recorded")
    return redirect(f"/reports/{report_id}/stac#conferences")


@login_required
@require_POST
@redisplay(stac_case, "plan", PLAN_FIELDS)
def plan_set(request: HttpRequest, report_id: int) -> HttpResponse:
    plan_actions.set_plan(
        page_user(request),
        report_id,
        plan_data(request.POST),
        justification=page_justification(request),
    )
    messages.success(request, "Management plan saved")
    return redirect(f"/reports/{report_id}/stac#plan")


@login_required
@require_POST
@redisplay(stac_case, "action", ACTION_FIELDS)
def plan_action_new(request: HttpRequest, report_id: int) -> HttpResponse:
    post = request.POST
    plan_actions.add_plan_action(
        page_user(request),
        report_id,
        plan_action_data(post),
        justification=page_justification(request),
    )
    messages.success(request, "Action added to the plan")
    return redirect(f"/reports/{report_id}/stac#plan")


@login_required
@require_POST
def plan_action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    action = plan_actions.update_plan_action(
        page_user(request),
        action_id,
        UpdatePlanAction(status=request.POST.get("status", "")),
        justification=page_justification(request),
    )
    messages.success(request, f"Status of the action saved: {action.get_status_display()}")
    return redirect(f"/reports/{action.plan.report_id}/stac#plan")


@login_required
def risk_tasks(request: HttpRequest) -> HttpResponse:
    """My risk work: reassessments due within 7 days or overdue, and overdue plan actions."""
    user = page_user(request)
    reports = reports_with_risk(user, justification=page_justification(request))
    today = datetime.now(UTC).date()
    context = {
        "tasks": [t.to_dict(today) for t in due_tasks(reports, within_days=7)],
        "reason_labels": REASON_LABELS,
        "overdue": list(overdue_actions(reports)[:100]),
        "today": today,
    }
    return render(request, "risk/tasks.html", context)


@login_required
def advocate_victims(request: HttpRequest) -> HttpResponse:
    """For an advocate: the victims referred to them, the same list as on My work."""
    user = page_user(request)
    if user.role != Role.ADVOCATE:
        raise NotFound("page")
    today = timezone.localdate()
    worklist = advocate_list(user, today)
    record(user, Verb.SEARCHED, "advocate_referrals", detail={"count": len(worklist["rows"])})
    worklist["title"] = "Worklist"
    html = render_worklist(request, worklist, request.GET, today)
    return render(request, "risk/advocate.html", {"worklist": html})
