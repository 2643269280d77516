"""Orders, conditions, breaches and tasks as plain dicts for the API and the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.orders import rules
from foursight.orders.models import Breach, BreachTask, Condition, Order, OrderKind
from foursight.people.access import can_see_person
from foursight.people.models import Person

PROTECTED_NAME = "Protected person"


def person_ref(user: User, person: Person) -> dict[str, Any]:
    """A person's id and name, or only "Protected person" without a grant."""
    if can_see_person(user, person):
        return {"person_id": person.pk, "name": person.display_name}
    return {"person_id": None, "name": PROTECTED_NAME}


def order_status(order: Order, today: date) -> str:
    return rules.status(order.made_on, order.expires_on, order.discharged_on, today)


def condition_out(user: User, condition: Condition) -> dict[str, Any]:
    return {
        "id": condition.pk,
        "kind": condition.kind,
        "label": Condition.Kind(condition.kind).label,
        "persons": [person_ref(user, p) for p in condition.persons.all()],
        "address": condition.address,
        "postcode": condition.postcode,
        "radius_m": condition.radius_m,
        "text": condition.text,
    }


def order_out(user: User, order: Order, today: date | None = None) -> dict[str, Any]:
    """The order as a user may see it (advocates: no subject link, no breach counts)."""
    today = today or timezone.localdate()
    due = rules.notification_due(order.kind, order.served_on)
    subject = person_ref(user, order.subject)
    if user.role == Role.ADVOCATE:
        subject["person_id"] = None
    out: dict[str, Any] = {
        "id": order.pk,
        "kind": order.kind,
        "kind_label": OrderKind(order.kind).label,
        "status": order_status(order, today),
        "subject": subject,
        "protected": [person_ref(user, p) for p in order.protected.all()],
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
        "conditions": [condition_out(user, c) for c in order.conditions.all()],
        "breaches": None,
    }
    if user.role != Role.ADVOCATE:
        out["breaches"] = {s: order.breaches.filter(status=s).count() for s in Breach.Status.values}
    return out


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
                "protected_person": person_ref(user, e.protected_person),
            }
            for e in breach.events.all()
        ],
        "tasks": [task_out(t) for t in breach.tasks.all()],
    }
