"""Orders, conditions, breaches and tasks as plain dicts for the API and the pages.

Need-to-know is applied here once, with the person rule of the people app
(:func:`foursight.people.access.shown_person_ids`): a person the order names (subject,
protected persons, persons in conditions, the protected person of a detected event) is
shown only to users who could open that person; to everyone else as "Protected person"
without an id. The offender unit thus sees an order's subject but not the victims it
protects, exactly as on a report. Advocates, who see orders protecting their victims, are
told the subject's name (never the id), as the order's terms require.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.orders import rules
from foursight.orders.models import Breach, BreachTask, Condition, Order, OrderKind
from foursight.people.access import can_see_person, shown_person_ids
from foursight.people.models import Person

PROTECTED_NAME = "Protected person"


def person_ref(person: Person, shown: set[int]) -> dict[str, Any]:
    """A person's id and name if their id is in ``shown``, else only "Protected person"."""
    if person.pk in shown:
        return {"person_id": person.pk, "name": person.display_name}
    return {"person_id": None, "name": PROTECTED_NAME}


def named_persons(orders: Iterable[Order]) -> set[int]:
    """Every person the orders name: subjects, protected persons, persons in conditions."""
    ids: set[int] = set()
    for order in orders:
        ids.add(order.subject_id)
        ids.update(p.pk for p in order.protected.all())
        for condition in order.conditions.all():
            ids.update(p.pk for p in condition.persons.all())
    return ids


def shown_for(user: User, orders: Iterable[Order]) -> set[int]:
    """The persons named by ``orders`` whose identity ``user`` may see (one query)."""
    return shown_person_ids(user, named_persons(orders))


def subject_ref(user: User, order: Order, shown: set[int]) -> dict[str, Any]:
    if user.role == Role.ADVOCATE:
        subject = order.subject
        name = subject.display_name if can_see_person(user, subject) else PROTECTED_NAME
        return {"person_id": None, "name": name}
    return person_ref(order.subject, shown)


def order_status(order: Order, today: date) -> str:
    return rules.status(order.made_on, order.expires_on, order.discharged_on, today)


def condition_out(
    user: User, condition: Condition, shown: set[int] | None = None
) -> dict[str, Any]:
    persons = list(condition.persons.all())
    if shown is None:
        shown = shown_person_ids(user, persons)
    return {
        "id": condition.pk,
        "kind": condition.kind,
        "label": Condition.Kind(condition.kind).label,
        "persons": [person_ref(p, shown) for p in persons],
        "address": condition.address,
        "postcode": condition.postcode,
        "radius_m": condition.radius_m,
        "text": condition.text,
    }


def order_out(
    user: User, order: Order, today: date | None = None, shown: set[int] | None = None
) -> dict[str, Any]:
    """The order as a user may see it (advocates: no subject link, no breach counts).

    ``shown`` is :func:`shown_for` over the orders being listed, to look the persons up
    once per list; it is computed for this order when not given.
    """
    today = today or timezone.localdate()
    if shown is None:
        shown = shown_for(user, [order])
    due = rules.notification_due(order.kind, order.served_on)
    out: dict[str, Any] = {
        "id": order.pk,
        "kind": order.kind,
        "kind_label": OrderKind(order.kind).label,
        "status": order_status(order, today),
        "subject": subject_ref(user, order, shown),
        "protected": [person_ref(p, shown) for p in order.protected.all()],
        "report_id": order.report_id,
        "court": order.court,
        "court_reference": order.court_reference,
        "made_on": order.made_on,
        "expires_on": order.expires_on,
        "until_further_order": order.until_further_order,
        "served_on": order.served_on,
        "notification_due": due,
        "notified_on": order.notified_on,
        "notification_overdue": rules.notification_overdue(
            order.kind, order.served_on, order.notified_on, today
        ),
        "discharged_on": order.discharged_on,
        "notes": order.notes,
        "conditions": [condition_out(user, c, shown) for c in order.conditions.all()],
        "breaches": None,
    }
    if user.role != Role.ADVOCATE:
        out["breaches"] = {s: order.breaches.filter(status=s).count() for s in Breach.Status.values}
    return out


def orders_out(user: User, orders: Iterable[Order], today: date | None = None) -> list[Any]:
    """Several orders as :func:`order_out`, with the person rule looked up once."""
    rows = list(orders)
    shown = shown_for(user, rows)
    return [order_out(user, o, today, shown) for o in rows]


def task_out(task: BreachTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "kind": task.kind,
        "label": BreachTask.Kind(task.kind).label,
        "due_at": task.due_at,
        "done_at": task.done_at,
        "notes": task.notes,
    }


def breach_out(user: User, breach: Breach) -> dict[str, Any]:
    events = list(breach.events.all())
    shown = shown_person_ids(user, [e.protected_person_id for e in events])
    return {
        "id": breach.pk,
        "order_id": breach.order_id,
        "status": breach.status,
        "source": breach.source,
        "occurred_at": breach.occurred_at,
        "report_id": breach.report_id,
        "occasion_ids": sorted(o.pk for o in breach.occasions.all()),
        "description": breach.description,
        "decided_by": breach.decided_by.username if breach.decided_by else None,
        "decided_at": breach.decided_at,
        "decision_reason": breach.decision_reason,
        "events": [
            {
                "event_key": e.event_key,
                "ts_utc": e.ts_utc,
                "channel": e.channel,
                "kind": e.kind,
                "direction": e.direction,
                "counterpart": e.counterpart,
                "matched_identifier": e.matched_identifier,
                "protected_person": person_ref(e.protected_person, shown),
            }
            for e in events
        ],
        "tasks": [task_out(t) for t in breach.tasks.all()],
    }
