"""STAC pages: the case list across BCUs, a case's conferences and plan, and dashboards."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from foursight.accounts.models import Role
from foursight.accounts.views import page_justification, page_user
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.plans import UpdatePlanAction
from foursight.errors import NotFound
from foursight.risk import plan_actions
from foursight.risk.access import (
    CONFERENCE_WRITERS,
    PLAN_WRITERS,
    advocate_referrals,
    reports_with_risk,
    risk_report_for,
    stac_cases,
)
from foursight.risk.forms import conference_data, plan_action_data, plan_data
from foursight.risk.models import Agency, CaseConference, Plan, PlanAction
from foursight.risk.serialise import conference_out, plan_out, referral_out
from foursight.risk.tasks import REASON_LABELS, due_tasks, overdue_actions, stac_overview
from foursight.server.context import panels
from foursight.server.forms import Field, redisplay


@login_required
def stac_case_list(request: HttpRequest) -> HttpResponse:
    """Every case referred to the STAC, across BCUs, with overdue plan actions first."""
    user = page_user(request)
    today = datetime.now(UTC).date()
    reports = stac_cases(user, justification=page_justification(request))
    rows = stac_overview(reports)[:200]
    cases = [{"report": r, "plan": getattr(r, "plan", None)} for r in rows]
    context = {
        "cases": cases,
        "overdue": list(overdue_actions(reports)[:100]),
        "today": today,
        "count": reports.count(),
    }
    return render(request, "risk/stac_cases.html", context)


@login_required
def stac_case(request: HttpRequest, report_id: int) -> HttpResponse:
    """One STAC case: conferences (attendees by agency, decisions) and the management plan."""
    user = page_user(request)
    report = risk_report_for(user, report_id, justification=page_justification(request))
    today = datetime.now(UTC).date()
    context = {
        "report": report,
        "conferences": [conference_out(c) for c in CaseConference.objects.filter(report=report)],
        "plan": plan_out(Plan.objects.filter(report=report).first(), today),
        "agencies": Agency.choices,
        "statuses": PlanAction.Status.choices,
        "can_confer": user.role in CONFERENCE_WRITERS,
        "can_plan": user.role in PLAN_WRITERS,
        "today": today,
        "panels": panels("stac_panels", request, user, report),
    }
    return render(request, "risk/stac_case.html", context)


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
    """For an advocate: the victims referred to them and the support they need."""
    user = page_user(request)
    if user.role != Role.ADVOCATE:
        raise NotFound("page")
    referrals = list(advocate_referrals(user))
    record(user, Verb.SEARCHED, "advocate_referrals", detail={"count": len(referrals)})
    return render(
        request, "risk/advocate.html", {"referrals": [referral_out(user, r) for r in referrals]}
    )
