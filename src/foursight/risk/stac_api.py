"""API for the STAC workflow: case list, conferences, management plans, referrals, advocates.

A STAC referral itself is ``POST /api/v1/reports/{id}/stac-referral`` (the cases API).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field

from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.serialise import unit_out
from foursight.core.conferences import Attendee, RecordConference
from foursight.core.plans import AddPlanAction, SetPlan, UpdatePlanAction
from foursight.core.referrals import MakeReferral
from foursight.risk import plan_actions
from foursight.risk.access import advocate_referrals, reports_with_risk, risk_report_for, stac_cases
from foursight.risk.actions import make_referral
from foursight.risk.models import CaseConference, Plan, PlanAction, Referral
from foursight.risk.serialise import action_out, conference_out, plan_out, referral_out
from foursight.risk.stac_list import StacFilters, filter_cases
from foursight.risk.tasks import overdue_actions, stac_overview
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict

router = Router(tags=["stac"])
Agency = Literal["police", "mental_health", "probation", "advocate_service", "other"]


class AttendeeIn(Strict):
    name: str = Field(min_length=1, max_length=150)
    agency: Agency


class ConferenceIn(Strict):
    held_on: date
    attendees: list[AttendeeIn] = Field(min_length=1)
    decisions: str = Field(min_length=1)


class PlanIn(Strict):
    review_on: date
    summary: str = ""


class PlanActionIn(Strict):
    agency: Agency
    description: str = Field(min_length=1)
    owner: str = Field(min_length=1, max_length=150)
    due_on: date


class PlanActionPatch(Strict):
    status: Literal["open", "done", "cancelled"] | None = None
    owner: str | None = Field(None, min_length=1, max_length=150)
    due_on: date | None = None


class ReferralIn(Strict):
    kind: Literal["marac", "mappa", "advocate", "behaviour_change", "mental_health"]
    victim_party_id: int
    consent: bool
    consent_note: str = Field(min_length=1, max_length=200)
    reason: str
    referred_on: date | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    advocate: str | None = None
    support_needs: str = ""


def _today() -> date:
    return datetime.now(UTC).date()


@router.get("/stac/cases")
def list_stac_cases(
    request: HttpRequest,
    status: Literal["waiting", "accepted", "declined"] | None = None,
    bcu: str = "",
    level: Literal["high", "medium", "standard", "none"] | None = None,
    text: str = "",
) -> dict[str, Any]:
    """Every case referred to the STAC across BCUs, with its latest level, plan state and
    the STAC's decision; narrowed by decision, BCU, latest level and text (reference or
    surname), as the STAC case list page filters it."""
    user = actor(request)
    filters = StacFilters.from_query(
        {"status": status or "", "bcu": bcu, "level": level or "", "text": text}
    )
    reports = filter_cases(
        user, stac_overview(stac_cases(user, justification=justification(request))), filters
    )
    items = []
    for report in reports:
        plan = getattr(report, "plan", None)
        items.append(
            {
                "report_id": report.pk,
                "reference": report.reference,
                "unit": unit_out(report),
                "referred_at": report.stac_referred_at,
                "decision": report.stac_decision,
                "latest_level": getattr(report, "latest_level", None),
                "latest_instrument": getattr(report, "latest_instrument", None),
                "plan_review_on": plan.review_on if plan else None,
                "overdue_actions": getattr(report, "overdue", 0),
            }
        )
    return {"items": items, "count": len(items)}


@router.get("/risk/overdue-actions")
def list_overdue_actions(request: HttpRequest) -> dict[str, Any]:
    """Open plan actions past due over the user's reports (STAC and supervisor dashboards)."""
    user = actor(request)
    reports = reports_with_risk(
        user, justification=justification(request), what="overdue_plan_actions"
    )
    today = _today()
    items = [
        {
            **action_out(a, today),
            "report_id": a.plan.report_id,
            "reference": a.plan.report.reference,
        }
        for a in overdue_actions(reports)
    ]
    return {"items": items, "count": len(items)}


@router.get("/reports/{report_id}/conferences")
def list_conferences(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = risk_report_for(actor(request), report_id, justification=justification(request))
    items = [conference_out(c) for c in CaseConference.objects.filter(report=report)]
    return {"items": items, "count": len(items)}


@router.post("/reports/{report_id}/conferences", response={201: dict[str, Any]})
def create_conference(
    request: HttpRequest, report_id: int, payload: ConferenceIn
) -> Status[dict[str, Any]]:
    command = RecordConference(
        held_on=payload.held_on,
        attendees=tuple(Attendee(a.name, a.agency) for a in payload.attendees),
        decisions=payload.decisions,
    )
    conference = plan_actions.record_conference(
        actor(request), report_id, command, justification=justification(request)
    )
    return Status(201, conference_out(conference))


@router.get("/reports/{report_id}/plan")
def read_plan(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """The management plan (``{"plan": null}`` before one is set)."""
    report = risk_report_for(actor(request), report_id, justification=justification(request))
    return {"plan": plan_out(Plan.objects.filter(report=report).first(), _today())}


@router.put("/reports/{report_id}/plan")
def put_plan(request: HttpRequest, report_id: int, payload: PlanIn) -> dict[str, Any]:
    plan = plan_actions.set_plan(
        actor(request),
        report_id,
        SetPlan(**payload.model_dump()),
        justification=justification(request),
    )
    return {"plan": plan_out(plan, _today())}


@router.post("/reports/{report_id}/plan/actions", response={201: dict[str, Any]})
def create_plan_action(
    request: HttpRequest, report_id: int, payload: PlanActionIn
) -> Status[dict[str, Any]]:
    action = plan_actions.add_plan_action(
        actor(request),
        report_id,
        AddPlanAction(**payload.model_dump()),
        justification=justification(request),
    )
    return Status(201, action_out(action, _today()))


@router.patch("/plan-actions/{action_id}")
def patch_plan_action(
    request: HttpRequest, action_id: int, payload: PlanActionPatch
) -> dict[str, Any]:
    action = plan_actions.update_plan_action(
        actor(request),
        action_id,
        UpdatePlanAction(**payload.model_dump()),
        justification=justification(request),
    )
    return action_out(action, _today())


@router.get("/reports/{report_id}/referrals")
def list_referrals(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = actor(request)
    report = risk_report_for(user, report_id, justification=justification(request))
    referrals = Referral.objects.filter(report=report).select_related(
        "victim__person", "advocate", "made_by"
    )
    items = [referral_out(user, r) for r in referrals]
    return {"items": items, "count": len(items)}


@router.post("/reports/{report_id}/referrals", response={201: dict[str, Any]})
def create_referral(
    request: HttpRequest, report_id: int, payload: ReferralIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    referral = make_referral(
        user,
        report_id,
        MakeReferral(**payload.model_dump()),
        justification=justification(request),
    )
    return Status(201, referral_out(user, referral))


@router.get("/advocate/victims")
def advocate_victims(request: HttpRequest) -> dict[str, Any]:
    """For an advocate: the victims referred to them and the support they need."""
    user = actor(request)
    referrals = list(advocate_referrals(user))
    record(user, Verb.SEARCHED, "advocate_referrals", detail={"count": len(referrals)})
    items = [referral_out(user, r) for r in referrals]
    return {"items": items, "count": len(items)}


__all__ = ["PlanAction", "router"]
