"""Compliance checks of a named condition: an order's (``orders.Condition``) or a bail's
(``prosecution.BailCondition``).

A check of a condition must be of that person's order or bail, in force when checked.
Its next due date follows from the conditions (``foursight.core.compliance``) unless the
officer gives one. A failed check opens a breach of the order (through the orders app)
or a bail-breach arrest task; all of it in one transaction with its audit entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.compliance import CheckableCondition, Source, next_check_due
from foursight.core.operation_commands import RecordCheck, check_compliance_check
from foursight.errors import InvalidInput, JustificationRequired, NotFound
from foursight.operations import access
from foursight.operations.actions import _require_suspect
from foursight.operations.models import BailBreachTask, ComplianceCheck
from foursight.orders import actions as order_actions
from foursight.orders.access import order_for
from foursight.orders.models import Condition, Order
from foursight.people.access import person_for
from foursight.people.models import Person
from foursight.prosecution.access import suspect_for
from foursight.prosecution.models import BailCondition, Step

FAILED = frozenset({ComplianceCheck.Result.NON_COMPLIANT, ComplianceCheck.Result.ARRESTED})
ARREST_WITHIN = timedelta(hours=24)


def _order_end(order: Order) -> date | None:
    ends = [d for d in (order.expires_on, order.discharged_on) if d is not None]
    return min(ends) if ends else None


def _order_condition(
    actor: User, person: Person, condition_id: int, day: date, justification: str
) -> tuple[Condition, list[CheckableCondition]]:
    field = "order_condition_id"
    condition = Condition.objects.select_related("order").filter(pk=condition_id).first()
    try:
        if condition is None:
            raise NotFound("condition")
        order = order_for(actor, condition.order_id, justification=justification, audit=False)
    except NotFound as exc:
        raise InvalidInput(
            f"{field}: no such condition, or not visible to you", field=field
        ) from exc
    if order.subject_id != person.pk:
        raise InvalidInput(
            f"{field}: a condition of another person's order; name one of this person's orders",
            field=field,
        )
    end = _order_end(order)
    if day < order.made_on or (end is not None and day > end):
        raise InvalidInput(f"{field}: the order was not in force on {day.isoformat()}", field=field)
    siblings = [CheckableCondition(c.kind, order.made_on, end) for c in order.conditions.all()]
    return condition, siblings


def _bail_end(step: Step, condition: BailCondition) -> date | None:
    ends = [condition.ends_on]
    if step.data.get("return_on"):
        ends.append(date.fromisoformat(step.data["return_on"]))
    known = [d for d in ends if d is not None]
    return min(known) if known else None


def _bail_condition(
    actor: User, person: Person, condition_id: int, day: date, justification: str
) -> tuple[BailCondition, list[CheckableCondition]]:
    field = "bail_condition_id"
    condition = (
        BailCondition.objects.select_related("step", "step__party").filter(pk=condition_id).first()
    )
    try:
        if condition is None:
            raise NotFound("condition")
        step = condition.step
        suspect_for(actor, step.report_id, step.party_id, justification=justification, audit=False)
    except NotFound as exc:
        raise InvalidInput(
            f"{field}: no such condition, or not visible to you", field=field
        ) from exc
    if step.party.person_id != person.pk:
        raise InvalidInput(
            f"{field}: a condition of another person's bail; name one of this person's",
            field=field,
        )
    end = _bail_end(step, condition)
    if day < step.occurred_on or (end is not None and day > end):
        raise InvalidInput(
            f"{field}: the bail condition was not in force on {day.isoformat()}", field=field
        )
    siblings = [
        CheckableCondition(c.kind, step.occurred_on, _bail_end(step, c))
        for c in step.conditions.all()
    ]
    return condition, siblings


def record_check(actor: User, command: RecordCheck, *, justification: str = "") -> ComplianceCheck:
    """Record a compliance check or visit, of a named condition or none, and what follows."""
    if actor.role not in access.OPERATION_ROLES:
        raise NotFound("person", field="person_id")
    try:
        person = person_for(actor, command.person_id, justification=justification, audit=False)
    except NotFound as exc:
        raise NotFound("person", field="person_id") from exc
    command = check_compliance_check(
        command,
        now=timezone.now(),
        kinds=ComplianceCheck.Kind.values,
        results=ComplianceCheck.Result.values,
    )
    kind, result, next_due = command.kind, command.result, command.next_due
    checked_at = command.checked_at
    assert checked_at is not None  # filled in by check_compliance_check
    operation = None
    if command.operation_id:
        operation = access.operation_for(
            actor, command.operation_id, justification=justification, audit=False
        )
    party = _require_suspect(actor, person.pk)
    named = _named(actor, person, command, checked_at.date(), justification)
    failed = result in FAILED
    if next_due is None and named.source is not None:
        next_due = next_check_due(named.source, named.siblings, checked_at.date(), failed=failed)
    condition = named.order or named.bail
    with transaction.atomic():
        check = ComplianceCheck.objects.create(
            person=person,
            operation=operation,
            kind=kind,
            checked_at=checked_at,
            result=result,
            notes=command.notes,
            next_due=next_due,
            officer=actor,
            bcu_id=party.report.unit.bcu_id,
            order_condition=named.order,
            bail_condition=named.bail,
            condition_text=_describe(condition)[:300] if condition else "",
        )
        detail: dict[str, Any] = {
            "person": person.pk,
            "kind": kind,
            "result": result,
            "next_due": next_due,
            **_follow_up(actor, check, named, justification),
        }
        if condition is not None:
            detail["condition"] = {"source": named.source, "id": condition.pk}
        record(
            actor,
            Verb.CREATED,
            "compliance_check",
            check.pk,
            justification=justification.strip(),
            detail=detail,
        )
    return check


@dataclass(frozen=True)
class _Named:
    """The condition a check names (an order's or a bail's, or none) and its siblings."""

    order: Condition | None = None
    bail: BailCondition | None = None
    source: Source | None = None
    siblings: tuple[CheckableCondition, ...] = ()


def _named(
    actor: User, person: Person, command: RecordCheck, day: date, justification: str
) -> _Named:
    if command.order_condition_id is not None:
        order, siblings = _order_condition(
            actor, person, command.order_condition_id, day, justification
        )
        return _Named(order=order, source="order", siblings=tuple(siblings))
    if command.bail_condition_id is not None:
        bail, siblings = _bail_condition(
            actor, person, command.bail_condition_id, day, justification
        )
        return _Named(bail=bail, source="bail", siblings=tuple(siblings))
    return _Named()


def _follow_up(
    actor: User, check: ComplianceCheck, named: _Named, justification: str
) -> dict[str, Any]:
    """What a failed check opens: a potential breach of the order (through the orders
    app), or an arrest task for a bail breach; what to add to the check's audit entry."""
    if named.order is not None and check.result in FAILED:
        check.breach = order_actions.open_breach_from_check(
            actor,
            named.order,
            check.checked_at,
            f"Compliance check {check.pk} failed: {check.condition_text}",
            justification=justification,
        )
        check.save(update_fields=["breach"])
        return {"breach": check.breach.pk}
    if named.bail is not None and check.result == ComplianceCheck.Result.NON_COMPLIANT:
        task = BailBreachTask.objects.create(
            check_made=check,
            person=check.person,
            report_id=named.bail.step.report_id,
            bail_condition=named.bail,
            due_at=check.checked_at + ARREST_WITHIN,
        )
        return {"bail_breach_task": task.pk}
    return {}


def _describe(condition: Condition | BailCondition) -> str:
    label = condition.get_kind_display()
    text = condition.text or getattr(condition, "address", "") or getattr(condition, "postcode", "")
    return f"{label}: {text}" if text else label


def bail_tasks_for(user: User) -> QuerySet[BailBreachTask]:
    """Open bail-breach arrest tasks of the checks the user may see, soonest due first."""
    access.require_operation_role(user)
    return (
        BailBreachTask.objects.filter(
            check_made__in=access.visible_checks(user).values("pk"), done_at__isnull=True
        )
        .select_related("person", "report", "bail_condition", "check_made")
        .order_by("due_at", "id")
    )


def complete_bail_task(
    actor: User, task_id: int, notes: str, *, justification: str = ""
) -> BailBreachTask:
    """Mark a bail-breach arrest task done (the suspect arrested, or why not)."""
    from django.utils import timezone

    with transaction.atomic():
        found = bail_tasks_for(actor).filter(pk=task_id).first()
        if found is None:
            raise NotFound("task")
        task = BailBreachTask.objects.select_for_update().get(pk=found.pk)
        if task.done_at is not None:
            raise NotFound("task")
        if not notes.strip():
            raise InvalidInput("notes: say what was done (arrested, or why not)", field="notes")
        task.done_at, task.done_by, task.notes = timezone.now(), actor, notes.strip()
        task.save(update_fields=["done_at", "done_by", "notes"])
        record(
            actor,
            Verb.UPDATED,
            "bail_breach_task",
            task.pk,
            justification=justification.strip(),
            detail={"done": True},
        )
    return task


def conditions_to_check(actor: User, person: Person, today: date) -> list[dict[str, Any]]:
    """The person's order and bail conditions in force today, with the next check due."""
    from foursight.core.compliance import first_check_due

    out: list[dict[str, Any]] = []
    orders = Order.objects.filter(subject=person).prefetch_related("conditions")
    for order in orders:
        try:
            order_for(actor, order.pk, audit=False)
        except (NotFound, JustificationRequired):
            # a list, not a request for one record: what needs a reason is left out
            continue
        end = _order_end(order)
        if today < order.made_on or (end is not None and today > end):
            continue
        siblings = [CheckableCondition(c.kind, order.made_on, end) for c in order.conditions.all()]
        for c in order.conditions.all():
            out.append(_due_row("order", c, end, siblings))
    steps = Step.objects.filter(party__person=person, conditions__isnull=False).distinct()
    for step in steps.prefetch_related("conditions"):
        try:
            suspect_for(actor, step.report_id, step.party_id, audit=False)
        except (NotFound, JustificationRequired):
            continue
        for bail in step.conditions.all():
            end = _bail_end(step, bail)
            if today < step.occurred_on or (end is not None and today > end):
                continue
            siblings = [CheckableCondition(bail.kind, step.occurred_on, end)]
            out.append(_due_row("bail", bail, end, siblings))
    for row in out:
        if row["next_due"] is None:
            row["next_due"] = first_check_due(row["source"], row.pop("_siblings"))
        else:
            row.pop("_siblings")
    return out


def _due_row(
    source: Source,
    condition: Condition | BailCondition,
    end: date | None,
    siblings: list[CheckableCondition],
) -> dict[str, Any]:
    last = condition.checks.order_by("-checked_at", "-id").first()
    return {
        "source": source,
        "id": condition.pk,
        "kind": condition.kind,
        "text": _describe(condition),
        "in_force_until": end,
        "last_checked_at": last.checked_at if last else None,
        "last_result": last.result if last else None,
        "next_due": last.next_due if last else None,
        "_siblings": siblings,
    }
