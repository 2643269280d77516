"""State changes for orders: create, update, conditions, breaches, decisions and tasks.

Each action validates, writes in one transaction and records its audit entry there.
Bad input raises :class:`InvalidInput` naming the field, and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from foursight.accounts.access import require_writer
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb, changes, snapshot
from foursight.cases.access import report_for
from foursight.cases.models import Occasion, Report
from foursight.core.identifiers import normalise_postcode
from foursight.errors import Conflict, Forbidden, InvalidInput, NotFound
from foursight.orders import rules
from foursight.orders.access import breach_for, order_for
from foursight.orders.models import Breach, BreachTask, Condition, Order, OrderKind
from foursight.orders.tasks import create_breach_work
from foursight.people.access import person_for
from foursight.people.models import Person

ORDER_FIELDS = (
    "court",
    "court_reference",
    "made_on",
    "expires_on",
    "until_further_order",
    "served_on",
    "notified_on",
    "discharged_on",
    "notes",
)
DATE_FIELDS = ("made_on", "expires_on", "served_on", "notified_on", "discharged_on")


def _date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        raise InvalidInput(f"{field}: give a date (YYYY-MM-DD), not a time", field=field)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{field}: use YYYY-MM-DD, not {value!r}", field=field) from exc


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


def _apply(order: Order, data: dict[str, Any]) -> dict[str, Any]:
    """Set the given fields on ``order`` and check the whole order; return what changed."""
    changed: dict[str, Any] = {}
    for key in ORDER_FIELDS:
        if key not in data:
            continue
        value = _date(data[key], key) if key in DATE_FIELDS else data[key]
        if key == "until_further_order":
            value = bool(value)
        elif key not in DATE_FIELDS:
            value = str(value or "").strip()
        if getattr(order, key) != value:
            setattr(order, key, value)
            changed[key] = value
    if "expires_on" in data and order.expires_on is not None and "until_further_order" not in data:
        order.until_further_order = False
    _check(order)
    return changed


def _check(order: Order) -> None:
    today = timezone.localdate()
    if not order.court:
        raise InvalidInput("court: name the court that made the order", field="court")
    if order.made_on is None:
        raise InvalidInput("made_on: give the date the order was made", field="made_on")
    if order.made_on > today:
        raise InvalidInput("made_on: the order cannot be made in the future", field="made_on")
    if order.until_further_order and order.expires_on is not None:
        raise InvalidInput(
            "expires_on: an order until further order has no expiry date", field="expires_on"
        )
    if not order.until_further_order and order.expires_on is None:
        raise InvalidInput(
            "expires_on: give the expiry date, or set until_further_order", field="expires_on"
        )
    if order.expires_on is not None and order.expires_on < order.made_on:
        raise InvalidInput("expires_on: the order expires before it was made", field="expires_on")
    if order.kind == OrderKind.SPO and order.expires_on is not None:
        minimum = rules.spo_minimum_expiry(order.made_on)
        if order.expires_on < minimum:
            raise InvalidInput(
                f"expires_on: a full Stalking Protection Order lasts at least 2 years "
                f"(to {minimum.isoformat()} or later), or until further order",
                field="expires_on",
            )
    for field in ("served_on", "notified_on", "discharged_on"):
        value = getattr(order, field)
        if value is not None and value < order.made_on:
            raise InvalidInput(f"{field}: before the order was made", field=field)
        if value is not None and value > today and field != "discharged_on":
            raise InvalidInput(f"{field}: cannot be in the future", field=field)


def create_order(actor: User, data: dict[str, Any], *, justification: str = "") -> Order:
    """Register an order with its subject, protected persons and any conditions."""
    require_writer(actor)
    kind = data.get("kind")
    if kind not in OrderKind.values:
        raise InvalidInput(f"kind: expected one of {', '.join(OrderKind.values)}", field="kind")
    subject = _person(actor, data.get("subject_id"), "subject_id", justification)
    protected_ids = list(dict.fromkeys(data.get("protected_ids") or []))
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
    if data.get("report_id") is not None:
        order.report = _report(actor, data["report_id"], "report_id", justification)
    data = dict(data)
    if kind in rules.SPO_KINDS and not data.get("served_on"):
        data["served_on"] = data.get("made_on")  # served at the hearing unless stated
    _apply(order, {k: data.get(k) for k in ORDER_FIELDS if k in data})
    with transaction.atomic():
        order.save()
        order.protected.set(protected)
        for i, condition in enumerate(data.get("conditions") or []):
            _add_condition(actor, order, condition, f"conditions[{i}]", justification)
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
    actor: User, order_id: int, data: dict[str, Any], *, justification: str = ""
) -> Order:
    """Change an order's court, dates, notification, discharge or linked report."""
    require_writer(actor)
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        fields = (*ORDER_FIELDS, "report_id")
        before = snapshot(order, fields)
        changed = _apply(order, data)
        if "report_id" in data:
            report_id = data["report_id"]
            order.report = (
                None if report_id is None else _report(actor, report_id, "report_id", justification)
            )
            changed["report_id"] = report_id
        order.save()
        detail = {**changed, "changes": changes(before, snapshot(order, fields))}
        record(actor, Verb.UPDATED, "order", order.pk, justification=justification, detail=detail)
    return order


def _add_condition(
    actor: User, order: Order, data: dict[str, Any], field: str, justification: str
) -> Condition:
    kind = data.get("kind")
    if kind not in Condition.Kind.values:
        raise InvalidInput(
            f"{field}.kind: expected one of {', '.join(Condition.Kind.values)}",
            field=f"{field}.kind",
        )
    condition = Condition(order=order, kind=kind, text=str(data.get("text") or "").strip())
    persons: list[Person] = []
    if kind == Condition.Kind.NO_CONTACT:
        ids = list(dict.fromkeys(data.get("person_ids") or []))
        protected = {p.pk: p for p in order.protected.all()}
        if not ids or any(pid not in protected for pid in ids):
            raise InvalidInput(
                f"{field}.person_ids: name one or more of the order's protected persons",
                field=f"{field}.person_ids",
            )
        persons = [protected[pid] for pid in ids]
    elif kind == Condition.Kind.EXCLUSION_ADDRESS:
        condition.address = str(data.get("address") or "").strip()
        if not condition.address:
            raise InvalidInput(f"{field}.address: give the address", field=f"{field}.address")
    elif kind == Condition.Kind.EXCLUSION_POSTCODE:
        postcode = normalise_postcode(str(data.get("postcode") or ""))
        if postcode is None:
            raise InvalidInput(f"{field}.postcode: not a UK postcode", field=f"{field}.postcode")
        radius = data.get("radius_m")
        if not isinstance(radius, int) or isinstance(radius, bool) or not 1 <= radius <= 50000:
            raise InvalidInput(
                f"{field}.radius_m: a whole number of metres from 1 to 50000",
                field=f"{field}.radius_m",
            )
        condition.postcode, condition.radius_m = postcode, radius
    elif kind in (Condition.Kind.REQUIREMENT, Condition.Kind.OTHER) and not condition.text:
        raise InvalidInput(f"{field}.text: describe the condition", field=f"{field}.text")
    condition.save()
    if persons:
        condition.persons.set(persons)
    return condition


def add_condition(
    actor: User, order_id: int, data: dict[str, Any], *, justification: str = ""
) -> Condition:
    require_writer(actor)
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        condition = _add_condition(actor, order, data, "condition", justification)
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
    actor: User, order_id: int, data: dict[str, Any], *, justification: str = ""
) -> Breach:
    """Record a breach an officer has established, linked to a report and its occasions."""
    require_writer(actor)
    occurred_at = data.get("occurred_at")
    if not isinstance(occurred_at, datetime) or occurred_at.tzinfo is None:
        raise InvalidInput(
            "occurred_at: give the date and time with its UTC offset", field="occurred_at"
        )
    if occurred_at > timezone.now():
        raise InvalidInput("occurred_at: cannot be in the future", field="occurred_at")
    with transaction.atomic():
        order = order_for(actor, order_id, justification=justification, audit=False)
        start, end = rules.in_force_window(order.made_on, order.expires_on, order.discharged_on)
        if occurred_at < start or (end is not None and occurred_at >= end):
            raise InvalidInput(
                "occurred_at: the order was not in force at that time", field="occurred_at"
            )
        report = None
        if data.get("report_id") is not None:
            report = _report(actor, data["report_id"], "report_id", justification)
        occasion_ids = list(dict.fromkeys(data.get("occasion_ids") or []))
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
            description=str(data.get("description") or "").strip(),
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
