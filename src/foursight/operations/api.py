"""API for operations: create, targets and their outcomes, charges, dashboard, checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from foursight.accounts.access import check_justification
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.operation_commands import (
    AddCharge,
    AddTarget,
    BuildTargets,
    CreateOperation,
    RecordCheck,
    UpdateTarget,
)
from foursight.operations import access, actions, check_actions
from foursight.operations.check_api import router as check_router
from foursight.operations.models import BailBreachTask, ComplianceCheck
from foursight.operations.summary import operation_out, summary, target_out, targets_csv, targets_of
from foursight.operations.target_api import router as target_router
from foursight.people.access import can_see_person
from foursight.server.api import actor, justification
from foursight.server.schemas import Page, PageParams, Strict

PREFIX = "/operations"
router = Router(tags=["operations"])
# Checkable conditions and bail-breach tasks; mounted first so that /checks/conditions
# and /bail-breach-tasks are matched before /{operation_id}.
router.add_router("", check_router)
router.add_router("", target_router)


class OperationIn(Strict):
    name: str = Field(min_length=1, max_length=120)
    objective: str = Field(min_length=1)
    starts_on: date
    ends_on: date
    units: list[str] = Field(min_length=1)
    lead: str | None = None


class TargetIn(Strict):
    person_id: int
    assigned_to: str | None = None
    source: Literal["named", "outstanding_suspects", "highest_harm"] = "named"


class TargetListIn(Strict):
    source: Literal["outstanding_suspects", "highest_harm"]
    limit: int = Field(50, ge=1, le=1000)
    bcu: str | None = None


class TargetPatch(Strict):
    status: Literal["arrested", "circulated_as_wanted", "eliminated"] | None = None
    at: datetime | None = None
    offences: list[str] | None = None
    circulation_reference: str | None = Field(None, max_length=60)
    reason: str | None = None
    notes: str | None = None
    assigned_to: str | None = None


class ChargeIn(Strict):
    charged_on: date
    offences: list[str] = Field(min_length=1)
    notes: str = ""
    authorised_by: Literal["police", "cps"] = "police"


class CheckIn(Strict):
    person_id: int
    kind: Literal["compliance_check", "visit"]
    result: Literal["compliant", "non_compliant", "no_contact", "arrested"]
    checked_at: datetime | None = None
    notes: str = ""
    next_due: date | None = None
    operation_id: int | None = None
    order_condition_id: int | None = None
    bail_condition_id: int | None = None


class OperationOut(Schema):
    id: int
    name: str
    objective: str
    starts_on: date
    ends_on: date
    units: list[str]
    lead: str | None


class ChargeOut(Schema):
    id: int
    charged_on: date
    offences: list[str]
    notes: str


class TargetOut(Schema):
    id: int
    person_id: int | None
    name: str
    bcu: str | None
    source: str
    assigned_to: str | None
    status: str
    outcome_at: datetime | None
    outcome_by: str | None
    offences: list[str]
    circulation_reference: str
    elimination_reason: str
    notes: str
    charges: list[ChargeOut]


class OperationDetail(OperationOut):
    targets: list[TargetOut]


class TargetsAdded(Schema):
    added: int
    targets: list[TargetOut]


class Summary(Schema):
    operation: OperationOut
    targets: dict[str, int]
    total: int
    arrests_by_category: dict[str, int]
    charged: int
    outstanding: int
    by_bcu: dict[str, dict[str, int]]
    arrests_by_day: dict[str, int]


class SuspectOut(Schema):
    person_id: int
    name: str
    report_id: int
    reference: str
    bcu: str | None
    reported_at: datetime
    offences: list[str]


class CheckOut(Schema):
    id: int
    person_id: int | None
    name: str
    kind: str
    result: str
    checked_at: datetime
    notes: str
    next_due: date | None
    officer: str | None
    bcu: str | None
    operation_id: int | None
    order_condition_id: int | None
    bail_condition_id: int | None
    condition_text: str
    breach_id: int | None
    bail_breach_task_id: int | None


class CheckFilters(PageParams):
    due: bool = Field(False, description="only checks whose next one is due by today")


def check_out(user: Any, check: ComplianceCheck) -> dict[str, Any]:
    visible = can_see_person(user, check.person)
    return {
        "id": check.pk,
        "person_id": check.person_id if visible else None,
        "name": check.person.display_name if visible else "Protected person",
        "kind": check.kind,
        "result": check.result,
        "checked_at": check.checked_at,
        "notes": check.notes,
        "next_due": check.next_due,
        "officer": check.officer.username if check.officer else None,
        "bcu": check.bcu.code if check.bcu else None,
        "operation_id": check.operation_id,
        "order_condition_id": check.order_condition_id,
        "bail_condition_id": check.bail_condition_id,
        "condition_text": check.condition_text,
        "breach_id": check.breach_id,
        "bail_breach_task_id": BailBreachTask.objects.filter(check_made=check)
        .values_list("pk", flat=True)
        .first(),
    }


@router.get("", response=Page[OperationOut])
def list_operations(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Operations you may see, newest first."""
    user = actor(request)
    access.require_operation_role(user)
    ops = access.visible_operations(user).prefetch_related("units").select_related("lead")
    items = ops[page.offset : page.offset + page.limit]
    return {"items": [operation_out(o) for o in items], "count": ops.count()}


@router.post("", response={201: OperationOut})
def create_operation(request: HttpRequest, payload: OperationIn) -> Status[dict[str, Any]]:
    user = actor(request)
    access.require_operation_role(user)
    op = actions.create_operation(
        user, CreateOperation.from_dict(payload.model_dump()), justification=justification(request)
    )
    return Status(201, operation_out(op))


@router.get("/outstanding-suspects", response=Page[SuspectOut])
def outstanding_suspects(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Suspects on open reports with no charge: the offender units' standing work."""
    user = actor(request)
    parties = access.outstanding_suspects(user, justification=justification(request))
    rows = parties.prefetch_related("report__offences")[page.offset : page.offset + page.limit]
    items = [
        {
            "person_id": p.person_id,
            "name": p.person.display_name,
            "report_id": p.report_id,
            "reference": p.report.reference,
            "bcu": (p.report.unit.parent or p.report.unit).code,
            "reported_at": p.report.reported_at,
            "offences": [o.code for o in p.report.offences.all()],
        }
        for p in rows
    ]
    return {"items": items, "count": parties.count()}


@router.get("/checks", response=Page[CheckOut])
def list_checks(request: HttpRequest, filters: Query[CheckFilters]) -> dict[str, Any]:
    """Compliance checks and visits you may see, newest first (``due``: next one due)."""
    user = actor(request)
    access.require_operation_role(user)
    reason = check_justification(user, None, justification(request))
    checks = access.visible_checks(user)
    if filters.due:
        checks = checks.filter(next_due__lte=timezone.localdate()).order_by("next_due")
    record(
        user, Verb.SEARCHED, "compliance_check", justification=reason, detail={"due": filters.due}
    )
    rows = checks[filters.offset : filters.offset + filters.limit]
    return {"items": [check_out(user, c) for c in rows], "count": checks.count()}


@router.post("/checks", response={201: CheckOut})
def create_check(request: HttpRequest, payload: CheckIn) -> Status[dict[str, Any]]:
    user = actor(request)
    check = check_actions.record_check(
        user, RecordCheck.from_dict(payload.model_dump()), justification=justification(request)
    )
    return Status(201, check_out(user, check))


@router.get("/{int:operation_id}", response=OperationDetail)
def get_operation(request: HttpRequest, operation_id: int) -> dict[str, Any]:
    user = actor(request)
    op = access.operation_for(user, operation_id, justification=justification(request))
    return {**operation_out(op), "targets": [target_out(user, t) for t in targets_of(user, op)]}


@router.post("/{int:operation_id}/targets", response={201: TargetOut})
def add_target(
    request: HttpRequest, operation_id: int, payload: TargetIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    target = actions.add_target(
        user,
        operation_id,
        AddTarget.from_dict(payload.model_dump()),
        justification=justification(request),
    )
    return Status(201, target_out(user, target))


@router.post("/{int:operation_id}/targets/from-list", response={201: TargetsAdded})
def build_targets(
    request: HttpRequest, operation_id: int, payload: TargetListIn
) -> Status[dict[str, Any]]:
    """Add targets from the outstanding-suspects or highest-harm list."""
    user = actor(request)
    added = actions.build_targets(
        user,
        operation_id,
        BuildTargets(**payload.model_dump()),
        justification=justification(request),
    )
    return Status(201, {"added": len(added), "targets": [target_out(user, t) for t in added]})


@router.patch("/{int:operation_id}/targets/{int:target_id}", response=TargetOut)
def update_target(
    request: HttpRequest, operation_id: int, target_id: int, payload: TargetPatch
) -> dict[str, Any]:
    """Record a target's outcome (arrested, circulated_as_wanted, eliminated) or assign it."""
    user = actor(request)
    target = actions.update_target(
        user,
        operation_id,
        target_id,
        UpdateTarget.from_dict(payload.model_dump(exclude_unset=True)),
        justification=justification(request),
    )
    return target_out(user, target)


@router.post("/{int:operation_id}/targets/{int:target_id}/charges", response={201: TargetOut})
def add_charge(
    request: HttpRequest, operation_id: int, target_id: int, payload: ChargeIn
) -> Status[dict[str, Any]]:
    user = actor(request)
    charge = actions.add_charge(
        user,
        operation_id,
        target_id,
        AddCharge.from_dict(payload.model_dump()),
        justification=justification(request),
    )
    return Status(201, target_out(user, charge.operation_target))


@router.get("/{int:operation_id}/summary", response=Summary)
def get_summary(request: HttpRequest, operation_id: int) -> dict[str, Any]:
    """The dashboard figures: targets by status, arrests by offence category, charged."""
    user = actor(request)
    return summary(
        user, access.operation_for(user, operation_id, justification=justification(request))
    )


@router.get("/{int:operation_id}/export.csv")
def export_csv(request: HttpRequest, operation_id: int) -> HttpResponse:
    """The targets as CSV; the export is audited."""
    user = actor(request)
    return csv_response(user, operation_id, justification(request))


def csv_response(user: Any, operation_id: int, reason: str) -> HttpResponse:
    op = access.operation_for(user, operation_id, justification=reason, audit=False)
    body = targets_csv(user, op)
    record(
        user,
        Verb.EXPORTED,
        "operation",
        op.pk,
        justification=reason.strip(),
        detail={"format": "csv"},
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="operation-{op.pk}-targets.csv"'
    return response
