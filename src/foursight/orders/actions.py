"""State changes for orders: create, update, conditions, breaches, decisions and tasks.

Each action validates, writes in one transaction and records its audit entry there.
Bad input raises :class:`InvalidInput` naming the field, and nothing is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import require_writer
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, changes, snapshot
from foursight.cases.access import report_for
from foursight.cases.models import Occasion, Report
from foursight.core.order_commands import (
    ORDER_FIELDS,
    CreateOrder,
    NewCondition,
    OrderTerms,
    RecordBreach,
    UpdateOrder,
    check_breach_time,
    check_condition,
    check_order_terms,
)
from foursight.errors import Conflict, Forbidden, InvalidInput, NotFound
from foursight.orders import rules
from foursight.orders.access import breach_for, order_for
from foursight.orders.models import Breach, BreachTask, Condition, Order, OrderKind
from foursight.orders.tasks import create_breach_work
from foursight.people.access import person_for
from foursight.people.models import Person


def _person(actor: User, person_id: Any, field: str, justification: str) -> Person:
    try:
        return person_for(actor, int(person_id), justification=justification, audit=False)
    except (NotFound, TypeError, ValueError) as exc:
        raise InvalidInput(f"{field}: no such person, or not one you can see", field=field) from exc


def _report(actor: User, report_id: Any, field: str, justification: str) -> Report:
    try:
        return report_for(actor, int(report_id), justification=justification, audit=False)
    except (NotFound, TypeError, ValueError) as exc:
        raise InvalidInput(
            f"{field}: no such report, or not one you can open", field=field
        ) from exc


def _apply(order: Order, values: dict[str, Any]) -> dict[str, Any]:
    """Set the given (parsed) fields on ``order`` and check the whole order; return what changed."""
    changed: dict[str, Any] = {}
    for key, value in values.items():
        if getattr(order, key) != value:
            setattr(order, key, value)
            changed[key] = value
    if "expires_on" in values and order.expires_on is not None:
        if "until_further_order" not in values:
            order.until_further_order = False
    terms = OrderTerms(**{f: getattr(order, f) for f in OrderTerms.__dataclass_fields__})
    spo = order.kind == OrderKind.SPO
    check_order_terms(
        terms, today=timezone.localdate(), minimum_expiry=rules.spo_minimum_expiry if spo else None
    )
    return changed


def create_order(actor: User, command: CreateOrder, *, justification: str = "") -> Order:
    """Register an order with its subject, protected persons and any conditions."""
    require_writer(actor)
    kind = command.kind
    if kind not in OrderKind.values:
        raise InvalidInput(f"kind: expected one of {', '.join(OrderKind.values)}", field="kind")
    subject = _person(actor, command.subject_id, "subject_id", justification)
    protected_ids = list(command.protected_ids)
    if not protected_ids:
        raise InvalidInput(
            "protected_ids: name at least one protected person", field="protected_ids"
        )
    protected = [_person(actor, pid, "protected_ids", justification) for pid in protected_ids]
    if subject in protected:
        raise InvalidInput(
            "protected_ids: the subject cannot be protected by their own order",
            field="protected_ids",
        )
    order = Order(kind=kind, subject=subject, created_by=actor)
    if command.report_id is not None:
        order.report = _report(actor, command.report_id, "report_id", justification)
    values = command.order_values()
    if kind in rules.SPO_KINDS and not values["served_on"]:
        values["served_on"] = values["made_on"]  # served at the hearing unless stated
    _apply(order, values)
    with transaction.atomic():
        order.save()
        order.protected.set(protected)
        for i, condition in enumerate(command.conditions):
            _add_condition(order, condition, f"conditions[{i}]")
        record(
            actor,
            Verb.CREATED,
            "order",
            order.pk,
            justification=justification,
            detail={"kind": kind, "subject": subject.pk, "protected": protected_ids},
        )
    return order


def update_order(
    actor: User, order_id: int, command: UpdateOrder, *, justification: str = ""
) -> Order:
    """Change an order's court, dates, notification, discharge or linked report.

    Only the fields named in ``command.sent`` change.
    """
    require_writer(actor)
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        fields = (*ORDER_FIELDS, "report_id")
        before = snapshot(order, fields)
        changed = _apply(order, command.values())
        if "report_id" in command.sent:
            report_id = command.report_id
            order.report = (
                None if report_id is None else _report(actor, report_id, "report_id", justification)
            )
            changed["report_id"] = report_id
        order.save()
        detail = {**changed, "changes": changes(before, snapshot(order, fields))}
        record(actor, Verb.UPDATED, "order", order.pk, justification=justification, detail=detail)
    return order


def _add_condition(order: Order, command: NewCondition, field: str) -> Condition:
    protected = {p.pk: p for p in order.protected.all()}
    checked = check_condition(
        command, field=field, kinds=Condition.Kind.values, protected_ids=protected
    )
    condition = Condition.objects.create(
        order=order,
        kind=checked.kind,
        text=checked.text,
        address=checked.address,
        postcode=checked.postcode,
        radius_m=checked.radius_m,
    )
    if checked.person_ids:
        condition.persons.set([protected[pid] for pid in checked.person_ids])
    return condition


def add_condition(
    actor: User, order_id: int, command: NewCondition, *, justification: str = ""
) -> Condition:
    require_writer(actor)
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        condition = _add_condition(order, command, "condition")
        record(
            actor,
            Verb.CONDITION_ADDED,
            "order",
            order.pk,
            justification=justification,
            detail={"condition": condition.pk, "kind": condition.kind},
        )
    return condition


def remove_condition(
    actor: User, order_id: int, condition_id: int, *, justification: str = ""
) -> None:
    require_writer(actor)
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        deleted, _ = order.conditions.filter(pk=condition_id).delete()
        if not deleted:
            raise NotFound("condition")
        record(
            actor,
            Verb.CONDITION_REMOVED,
            "order",
            order.pk,
            justification=justification,
            detail={"condition": condition_id},
        )


def record_breach(
    actor: User, order_id: int, command: RecordBreach, *, justification: str = ""
) -> Breach:
    """Record a breach an officer has established, linked to a report and its occasions."""
    require_writer(actor)
    occurred_at = check_breach_time(command.occurred_at, now=timezone.now())
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        start, end = rules.in_force_window(order.made_on, order.expires_on, order.discharged_on)
        if occurred_at < start or (end is not None and occurred_at >= end):
            raise InvalidInput(
                "occurred_at: the order was not in force at that time", field="occurred_at"
            )
        report = None
        if command.report_id is not None:
            report = _report(actor, command.report_id, "report_id", justification)
        occasion_ids = list(command.occasion_ids)
        occasions = list(Occasion.objects.filter(pk__in=occasion_ids, report=report))
        if len(occasions) != len(occasion_ids):
            raise InvalidInput(
                "occasion_ids: every occasion must belong to the linked report",
                field="occasion_ids",
            )
        breach = Breach.objects.create(
            order=order,
            status=Breach.Status.CONFIRMED,
            source=Breach.Source.RECORDED,
            occurred_at=occurred_at,
            report=report,
            description=command.description.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        breach.occasions.set(occasions)
        work = create_breach_work(breach, actor.username)
        record(
            actor,
            Verb.BREACH_RECORDED,
            "order",
            order.pk,
            justification=justification,
            detail={
                "breach": breach.pk,
                "report": report.pk if report else None,
                "occasions": occasion_ids,
                **work.detail(),
            },
        )
    return breach


def decide_breach(
    actor: User,
    order_id: int,
    breach_id: int,
    *,
    confirm: bool,
    reason: str,
    report_id: int | None = None,
    justification: str = "",
) -> Breach:
    """Confirm or dismiss a potential breach; a confirmation creates the breach tasks."""
    require_writer(actor)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput("reason: say why (at least 5 characters)", field="reason")
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        breach = breach_for(actor, order, breach_id)
        if breach.status != Breach.Status.POTENTIAL:
            raise Conflict(f"This breach is already {breach.status}.")
        if report_id is not None:
            breach.report = _report(actor, report_id, "report_id", justification)
        breach.status = Breach.Status.CONFIRMED if confirm else Breach.Status.DISMISSED
        breach.decided_by, breach.decided_at = actor, timezone.now()
        breach.decision_reason = reason
        breach.save()
        work = create_breach_work(breach, actor.username) if confirm else None
        record(
            actor,
            Verb.BREACH_CONFIRMED if confirm else Verb.BREACH_DISMISSED,
            "order",
            order.pk,
            justification=justification,
            detail={"breach": breach.pk, "reason": reason, **(work.detail() if work else {})},
        )
    return breach


def complete_task(
    actor: User, order_id: int, task_id: int, notes: str, *, justification: str = ""
) -> BreachTask:
    require_writer(actor)
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        task = BreachTask.objects.filter(pk=task_id, breach__order=order).first()
        if task is None:
            raise NotFound("task")
        if task.done_at is not None:
            raise Conflict("This task is already done.")
        task.done_at, task.done_by, task.notes = timezone.now(), actor, (notes or "").strip()
        task.save()
        record(
            actor,
            Verb.TASK_COMPLETED,
            "order",
            order.pk,
            justification=justification,
            detail={"task": task.pk, "kind": task.kind},
        )
    return task


CHECK_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.OFFENDER_UNIT, Role.ADMIN})


def open_breach_from_check(
    actor: User,
    condition: Condition,
    occurred_at: datetime,
    description: str,
    *,
    justification: str = "",
) -> Breach:
    """Open a confirmed breach of ``condition``'s order found by a failed compliance check.

    Called by the operations app inside its own transaction; the order must be visible to
    the actor and in force at the time of the check. Creates the arrest and risk-review
    tasks as a recorded breach does.
    """
    if actor.role not in CHECK_ROLES:
        raise Forbidden("Your role may not record compliance checks.")
    order = order_for(actor, condition.order_id, justification=justification, audit=False)
    start, end = rules.in_force_window(order.made_on, order.expires_on, order.discharged_on)
    if occurred_at < start or (end is not None and occurred_at >= end):
        raise InvalidInput(
            "order_condition_id: the order was not in force at the time of the check",
            field="order_condition_id",
        )
    breach = Breach.objects.create(
        order=order,
        status=Breach.Status.CONFIRMED,
        source=Breach.Source.RECORDED,
        occurred_at=occurred_at,
        report=order.report,
        description=description,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    work = create_breach_work(breach, actor.username)
    record(
        actor,
        Verb.BREACH_RECORDED,
        "order",
        order.pk,
        justification=justification,
        detail={
            "breach": breach.pk,
            "condition": condition.pk,
            "from": "compliance_check",
            **work.detail(),
        },
    )
    return breach
