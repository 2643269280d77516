"""API for orders: register, read, update, conditions, breaches, decisions, detection."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from foursight.accounts.access import require_writer
from foursight.core.order_commands import CreateOrder, NewCondition, RecordBreach, UpdateOrder
from foursight.errors import InvalidInput
from foursight.orders import actions
from foursight.orders.access import breaches_of, order_for, search_orders
from foursight.orders.detection_actions import detect_breaches
from foursight.orders.models import Breach, Condition, OrderKind
from foursight.orders.serialise import (
    breach_out,
    condition_out,
    order_out,
    order_status,
    orders_out,
    task_out,
)
from foursight.people.access import shown_person_ids
from foursight.server.api import actor, justification
from foursight.server.schemas import Page, PageParams, RecordId, Strict

PREFIX = "/orders"
router = Router(tags=["orders"])

ConditionKind = Literal[
    "no_contact",
    "exclusion_address",
    "exclusion_postcode",
    "no_social_media",
    "requirement",
    "other",
]


class ConditionIn(Strict):
    kind: ConditionKind
    person_ids: list[int] = []
    address: str = Field("", max_length=300)
    postcode: str = Field("", max_length=10)
    radius_m: int | None = None
    text: str = ""


class OrderIn(Strict):
    kind: Literal[
        "restraining_conviction",
        "restraining_acquittal",
        "spo_interim",
        "spo",
        "non_molestation",
        "dapo",
    ]
    subject_id: int
    protected_ids: list[int] = Field(min_length=1)
    report_id: int | None = None
    court: str = Field(min_length=1, max_length=200)
    court_reference: str = Field("", max_length=60)
    made_on: date
    expires_on: date | None = None
    until_further_order: bool = False
    served_on: date | None = None
    notified_on: date | None = None
    notes: str = ""
    conditions: list[ConditionIn] = []


class OrderPatch(Strict):
    court: str | None = Field(None, min_length=1, max_length=200)
    court_reference: str | None = Field(None, max_length=60)
    expires_on: date | None = None
    until_further_order: bool | None = None
    served_on: date | None = None
    notified_on: date | None = None
    discharged_on: date | None = None
    report_id: int | None = None
    notes: str | None = None


class BreachIn(Strict):
    occurred_at: datetime
    report_id: int | None = None
    occasion_ids: list[int] = []
    description: str = Field(min_length=1)


class BreachDecisionIn(Strict):
    decision: Literal["confirm", "dismiss"]
    reason: str
    report_id: int | None = None


class TaskDoneIn(Strict):
    notes: str = ""


class PersonRef(Schema):
    person_id: int | None
    name: str


class ConditionOut(Schema):
    id: int
    kind: str
    label: str
    persons: list[PersonRef]
    address: str
    postcode: str
    radius_m: int | None
    text: str


class OrderOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    subject: PersonRef
    protected: list[PersonRef]
    report_id: int | None
    court: str
    court_reference: str
    made_on: date
    expires_on: date | None
    until_further_order: bool
    served_on: date | None
    notification_due: date | None
    notified_on: date | None
    notification_overdue: bool
    discharged_on: date | None
    notes: str
    conditions: list[ConditionOut]
    breaches: dict[str, int] | None


class OrderEventOut(Schema):
    event_key: str
    ts_utc: datetime
    channel: str
    kind: str
    direction: str
    counterpart: str
    matched_identifier: str
    protected_person: PersonRef


class TaskOut(Schema):
    id: int
    kind: str
    label: str
    due_at: datetime
    done_at: datetime | None
    notes: str


class BreachOut(Schema):
    id: int
    order_id: int
    status: str
    source: str
    occurred_at: datetime
    report_id: int | None
    occasion_ids: list[int]
    description: str
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str
    events: list[OrderEventOut]
    tasks: list[TaskOut]


class DetectionOut(Schema):
    orders: int
    events_scanned: int
    new_breaches: list[int]
    new_events: int


class OrderFilters(PageParams):
    person_id: RecordId | None = None
    kind: str | None = None
    status: Literal["in_force", "expired", "discharged"] | None = None
    expiring_within_days: int | None = Field(None, ge=0, le=3650)


@router.get("", response=Page[OrderOut])
def list_orders(request: HttpRequest, filters: Query[OrderFilters]) -> dict[str, Any]:
    user = actor(request)
    data = filters.model_dump(exclude={"limit", "offset"})
    orders = search_orders(user, data, justification=justification(request))
    if filters.person_id is not None:
        # a person the user may not see matches nothing: the filter must not confirm them
        if shown_person_ids(user, [filters.person_id]):
            orders = orders.filter(Q(subject_id=filters.person_id) | Q(protected=filters.person_id))
        else:
            orders = orders.none()
    if filters.kind:
        if filters.kind not in OrderKind.values:
            raise InvalidInput(f"kind: expected one of {', '.join(OrderKind.values)}", field="kind")
        orders = orders.filter(kind=filters.kind)
    today = timezone.localdate()
    if filters.expiring_within_days is not None:
        orders = orders.filter(
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=filters.expiring_within_days),
            discharged_on__isnull=True,
        )
    rows = list(orders.select_related("subject").order_by("-made_on", "-id").distinct())
    if filters.status:
        rows = [o for o in rows if order_status(o, today) == filters.status]
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"items": orders_out(user, page, today), "count": len(rows)}


@router.post("", response={201: OrderOut})
def create_order(request: HttpRequest, body: OrderIn) -> Status[dict[str, Any]]:
    user = actor(request)
    data = body.model_dump()
    data["conditions"] = [c.model_dump() for c in body.conditions]
    order = actions.create_order(
        user, CreateOrder.from_dict(data), justification=justification(request)
    )
    return Status(201, order_out(user, order))


@router.get("/{order_id}", response=OrderOut)
def read_order(request: HttpRequest, order_id: int) -> dict[str, Any]:
    user = actor(request)
    return order_out(user, order_for(user, order_id, justification=justification(request)))


@router.patch("/{order_id}", response=OrderOut)
def update_order(request: HttpRequest, order_id: int, body: OrderPatch) -> dict[str, Any]:
    user = actor(request)
    data = body.model_dump(exclude_unset=True)
    order = actions.update_order(
        user, order_id, UpdateOrder.from_dict(data), justification=justification(request)
    )
    return order_out(user, order)


@router.get("/{order_id}/conditions", response=list[ConditionOut])
def list_conditions(request: HttpRequest, order_id: int) -> list[dict[str, Any]]:
    user = actor(request)
    order = order_for(user, order_id, justification=justification(request))
    return [condition_out(user, c) for c in order.conditions.all()]


@router.post("/{order_id}/conditions", response={201: ConditionOut})
def add_condition(request: HttpRequest, order_id: int, body: ConditionIn) -> Status[dict[str, Any]]:
    user = actor(request)
    condition = actions.add_condition(
        user,
        order_id,
        NewCondition.from_dict(body.model_dump()),
        justification=justification(request),
    )
    return Status(201, condition_out(user, Condition.objects.get(pk=condition.pk)))


@router.delete("/{order_id}/conditions/{condition_id}", response={204: None})
def remove_condition(request: HttpRequest, order_id: int, condition_id: int) -> Status[None]:
    actions.remove_condition(
        actor(request), order_id, condition_id, justification=justification(request)
    )
    return Status(204, None)


@router.get("/{order_id}/breaches", response=list[BreachOut])
def list_breaches(request: HttpRequest, order_id: int) -> list[dict[str, Any]]:
    """The order's breaches, potential ones included, each with the events behind it."""
    user = actor(request)
    order = order_for(user, order_id, justification=justification(request))
    return [breach_out(user, b) for b in breaches_of(user, order)]


@router.post("/{order_id}/breaches", response={201: BreachOut})
def record_breach(request: HttpRequest, order_id: int, body: BreachIn) -> Status[dict[str, Any]]:
    user = actor(request)
    breach = actions.record_breach(
        user,
        order_id,
        RecordBreach.from_dict(body.model_dump()),
        justification=justification(request),
    )
    return Status(201, breach_out(user, Breach.objects.get(pk=breach.pk)))


@router.post("/{order_id}/breaches/{breach_id}/decision", response=BreachOut)
def decide_breach(
    request: HttpRequest, order_id: int, breach_id: int, body: BreachDecisionIn
) -> dict[str, Any]:
    """Confirm (creating the arrest and risk-review tasks) or dismiss a potential breach."""
    user = actor(request)
    breach = actions.decide_breach(
        user,
        order_id,
        breach_id,
        confirm=body.decision == "confirm",
        reason=body.reason,
        report_id=body.report_id,
        justification=justification(request),
    )
    return breach_out(user, Breach.objects.get(pk=breach.pk))


@router.post("/{order_id}/tasks/{task_id}/done", response=TaskOut)
def complete_task(
    request: HttpRequest, order_id: int, task_id: int, body: TaskDoneIn
) -> dict[str, Any]:
    task = actions.complete_task(
        actor(request), order_id, task_id, body.notes, justification=justification(request)
    )
    return task_out(task)


@router.post("/{order_id}/detect-breaches", response=DetectionOut)
def detect(request: HttpRequest, order_id: int) -> dict[str, Any]:
    """Scan stored evidence for contact breaching this order, now."""
    user = actor(request)
    require_writer(user)
    order = order_for(user, order_id, justification=justification(request))
    result = detect_breaches(user, order_ids=[order.pk])
    return asdict(result)
