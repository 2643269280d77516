"""API for reports: list and search, create, read, update, occasions, outcome, referrals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from foursight.accounts.models import Unit, User
from foursight.cases import actions, outcome_actions, stac_actions
from foursight.cases.access import name_match, report_for, search_reports
from foursight.cases.models import Report
from foursight.cases.serialise import (
    occasion_out,
    outcome_out,
    report_item,
    report_out,
    stac_referral_out,
)
from foursight.core.report_commands import (
    AddOccasion,
    AddParty,
    AssignAdvocate,
    CreateReport,
    SetOutcome,
    UpdateReport,
)
from foursight.core.stac_commands import DecideStacReferral
from foursight.errors import InvalidInput, NotFound
from foursight.server.api import actor, justification
from foursight.server.schemas import Page, PageParams, Strict

PREFIX = "/reports"
router = Router(tags=["reports"])


class PartyIn(Strict):
    person_id: int
    relationship: str = ""


class OccasionIn(Strict):
    started_at: datetime
    ended_at: datetime | None = None
    behaviours: list[str] = Field(min_length=1)
    location: str = Field("", max_length=200)
    description: str = ""
    source: str = "victim_statement"


class ReportIn(Strict):
    unit: str = Field(description="borough or BCU code, e.g. CN-CAMDEN or CN")
    reported_at: datetime | None = None
    channel: str
    status: str = "open"
    summary: str = ""
    domestic_abuse: bool = False
    cyber_element: bool = False
    allocated_officer: str | None = None
    offences: list[str] = Field(min_length=1)
    victims: list[PartyIn] = []
    suspects: list[PartyIn] = []
    occasions: list[OccasionIn] = []


class ReportPatch(Strict):
    summary: str | None = None
    status: str | None = None
    channel: str | None = None
    allocated_officer: str | None = None
    review_due: date | None = None
    offences: list[str] | None = None
    domestic_abuse: bool | None = None
    cyber_element: bool | None = None


class PartyAdd(Strict):
    person_id: int
    role: Literal["victim", "suspect", "witness"]
    relationship: str = ""


class OutcomeIn(Strict):
    code: str
    outcome_date: date | None = None
    charge: str = Field("", max_length=200)
    charged_on: date | None = None
    first_hearing: date | None = None
    trial_date: date | None = None
    withdrawal_reason: str = ""
    notes: str = ""


class StacReferralIn(Strict):
    reason: str


class StacDecisionIn(Strict):
    decision: Literal["accepted", "declined"]
    reason: str = ""


class StacReferralOut(Schema):
    report_id: int
    referred_at: datetime | None
    referred_by: str | None
    reason: str
    decision: str
    decision_name: str
    decision_reason: str
    decided_by: str | None
    decided_at: datetime | None


class AdvocateIn(Strict):
    party_id: int
    advocate: str
    consent_reference: str


class ReportItem(Schema):
    id: int
    reference: str
    unit: str
    bcu: str | None
    reported_at: datetime
    status: str
    offences: list[str]


class PartyOut(Schema):
    party_id: int
    role: str
    relationship: str
    relationship_name: str
    person_id: int | None
    name: str
    date_of_birth: str
    protected: bool


class OccasionOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime | None
    behaviours: list[str]
    location: str
    description: str
    source: str
    source_name: str


class OutcomeOut(Schema):
    code: str
    name: str
    outcome_date: date
    charge: str
    charged_on: date | None
    first_hearing: date | None
    trial_date: date | None
    withdrawal_reason: str
    notes: str


class CodeName(Schema):
    code: str
    name: str


class UnitDetail(Schema):
    code: str
    name: str
    bcu: str | None


class ReportOut(Schema):
    id: int
    reference: str
    unit: str
    unit_detail: UnitDetail
    reported_at: datetime
    channel: str
    channel_name: str
    status: str
    status_name: str
    summary: str
    domestic_abuse: bool
    cyber_element: bool
    allocated_officer: str | None
    review_due: date | None
    stac_referred_at: datetime | None
    offences: list[CodeName]
    victim_count: int
    victims: list[PartyOut]
    suspects: list[PartyOut]
    witnesses: list[PartyOut]
    occasions: list[OccasionOut]
    outcome: OutcomeOut | None


class ReportFilters(PageParams):
    unit: str = Field("", description="BCU or borough code")
    offence: str = ""
    status: str = ""
    reported_from: date | None = None
    reported_to: date | None = None
    q: str = Field("", description="reference, or a party's name")
    mine: bool = False


def filter_reports(user: User, f: ReportFilters, reason: str) -> QuerySet[Report]:
    """The user's visible reports narrowed by the filters; the search is audited."""
    unit = None
    if f.unit:
        unit = Unit.objects.filter(code=f.unit).first()
        if unit is None:
            raise InvalidInput(f"unit: unknown unit {f.unit!r}", field="unit")
    if f.reported_from and f.reported_to and f.reported_to < f.reported_from:
        raise InvalidInput("reported_to: before reported_from", field="reported_to")
    reports = search_reports(
        user,
        f.model_dump(exclude={"limit", "offset"}),
        justification=reason,
        bcu_id=unit.bcu_id if unit else None,
    )
    if unit is not None:
        reports = reports.filter(Q(unit=unit) | Q(unit__parent=unit))
    if f.offence:
        reports = reports.filter(offences__code=f.offence)
    if f.status:
        reports = reports.filter(status=f.status)
    if f.reported_from:
        reports = reports.filter(reported_at__date__gte=f.reported_from)
    if f.reported_to:
        reports = reports.filter(reported_at__date__lte=f.reported_to)
    if f.mine:
        reports = reports.filter(allocated_officer=user)
    if f.q.strip():
        text = f.q.strip()
        reports = reports.filter(Q(reference__icontains=text) | name_match(user, text))
    return reports.select_related("unit", "unit__parent").prefetch_related("offences").distinct()


@router.get("", response=Page[ReportItem])
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, Any]:
    """Reports you may see, newest first, filtered by unit, offence, status, dates or text."""
    reports = filter_reports(actor(request), filters, justification(request))
    page = reports.order_by("-reported_at", "-id")[filters.offset : filters.offset + filters.limit]
    return {"items": [report_item(r) for r in page], "count": reports.count()}


@router.post("", response={201: ReportOut})
def create_report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    user = actor(request)
    report = actions.create_report(
        user, CreateReport.from_dict(payload.model_dump()), justification=justification(request)
    )
    return Status(201, report_out(user, report))


@router.get("/{int:report_id}", response=ReportOut)
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = actor(request)
    return report_out(user, report_for(user, report_id, justification=justification(request)))


@router.patch("/{int:report_id}", response=ReportOut)
def update_report(request: HttpRequest, report_id: int, payload: ReportPatch) -> dict[str, Any]:
    user = actor(request)
    command = UpdateReport.from_dict(payload.model_dump(exclude_unset=True))
    report = actions.update_report(user, report_id, command, justification=justification(request))
    return report_out(user, report)


@router.post("/{int:report_id}/parties", response={201: ReportOut})
def add_party(request: HttpRequest, report_id: int, payload: PartyAdd) -> Status[dict[str, Any]]:
    user = actor(request)
    command = AddParty(**payload.model_dump())
    actions.add_party(user, report_id, command, justification=justification(request))
    report = report_for(user, report_id, justification=justification(request), audit=False)
    return Status(201, report_out(user, report))


@router.get("/{int:report_id}/occasions", response=list[OccasionOut])
def list_occasions(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    report = report_for(actor(request), report_id, justification=justification(request))
    return [occasion_out(o) for o in report.occasions.all()]


@router.post("/{int:report_id}/occasions", response={201: OccasionOut})
def add_occasion(
    request: HttpRequest, report_id: int, payload: OccasionIn
) -> Status[dict[str, Any]]:
    command = AddOccasion.from_dict(payload.model_dump())
    occasion = actions.add_occasion(
        actor(request), report_id, command, justification=justification(request)
    )
    return Status(201, occasion_out(occasion))


@router.get("/{int:report_id}/outcome", response=OutcomeOut)
def get_outcome(request: HttpRequest, report_id: int) -> Any:
    report = report_for(actor(request), report_id, justification=justification(request))
    out = outcome_out(getattr(report, "outcome", None))
    if out is None:
        raise NotFound("outcome")
    return out


@router.put("/{int:report_id}/outcome", response=OutcomeOut)
def set_outcome(request: HttpRequest, report_id: int, payload: OutcomeIn) -> dict[str, Any]:
    outcome = outcome_actions.set_outcome(
        actor(request),
        report_id,
        SetOutcome(**payload.model_dump()),
        justification=justification(request),
    )
    out = outcome_out(outcome)
    assert out is not None
    return out


@router.post("/{int:report_id}/stac-referral", response=ReportOut)
def refer_to_stac(request: HttpRequest, report_id: int, payload: StacReferralIn) -> dict[str, Any]:
    user = actor(request)
    report = actions.refer_to_stac(
        user, report_id, payload.reason, justification=justification(request)
    )
    return report_out(user, report)


@router.post("/{int:report_id}/stac-referral/decision", response=StacReferralOut)
def decide_stac_referral(
    request: HttpRequest, report_id: int, payload: StacDecisionIn
) -> dict[str, Any]:
    """The STAC accepts or declines the report's referral; a decline gives its reason."""
    report = stac_actions.decide_stac_referral(
        actor(request),
        report_id,
        DecideStacReferral(**payload.model_dump()),
        justification=justification(request),
    )
    return stac_referral_out(report)


@router.post("/{int:report_id}/advocates", response={201: Schema})
def assign_advocate(
    request: HttpRequest, report_id: int, payload: AdvocateIn
) -> Status[dict[str, Any]]:
    actions.assign_advocate(
        actor(request),
        report_id,
        AssignAdvocate(**payload.model_dump()),
        justification=justification(request),
    )
    return Status(201, {})
