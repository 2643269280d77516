"""Gatekeepers for orders: the only path from an id to an order for a user.

The rules (need-to-know), on top of the foundation's person rules:

* an order is visible to a user who may see its subject or one of its protected persons
  (``people.access.visible_persons``): officers and supervisors through reports in their
  BCU, the offender unit (subjects, force-wide) and admin everywhere with a justification
  outside their home BCU, the STAC on referred reports;
* advocates see the orders protecting the victims referred to them: the order's existence,
  dates and conditions, never its breaches, detected events or the subject's identifiers;
* analysts never see an order (aggregates only).

Missing and forbidden give the same :class:`NotFound`. Every read is audited here.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from foursight.accounts.access import check_justification, require_personal_data
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.errors import Forbidden, NotFound
from foursight.orders.models import Breach, Order
from foursight.people.access import visible_persons
from foursight.people.models import Person


def visible_orders(user: User) -> QuerySet[Order]:
    """Every order the user may open (before any justification)."""
    if user.role == Role.ANALYST:
        return Order.objects.none()
    persons = visible_persons(user).values("pk")
    if user.role == Role.ADVOCATE:
        return Order.objects.filter(protected__in=persons).distinct()
    return Order.objects.filter(Q(subject__in=persons) | Q(protected__in=persons)).distinct()


def order_bcu_id(order: Order) -> int | None:
    """The BCU an order belongs to: its linked report's, else none (force-wide)."""
    return order.report.unit.bcu_id if order.report is not None else None


def order_for(user: User, order_id: int, *, justification: str = "", audit: bool = True) -> Order:
    """The order ``order_id`` if the user may open it; records the consultation."""
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("order") from exc
    order = (
        visible_orders(user)
        .select_related("subject", "report", "report__unit", "report__unit__parent")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFound("order")
    reason = check_justification(user, order_bcu_id(order), justification)
    if audit:
        record(user, Verb.VIEWED, "order", order.pk, justification=reason)
    return order


def sees_breaches(user: User) -> bool:
    """Breaches and the events behind them are suspect intelligence: not for advocates."""
    return user.role not in (Role.ADVOCATE, Role.ANALYST)


def breaches_of(user: User, order: Order) -> QuerySet[Breach]:
    """The order's breaches (potential ones included) for a user who has opened it."""
    if not sees_breaches(user):
        raise NotFound("breach")
    return order.breaches.select_related("report", "decided_by").prefetch_related(
        "events__protected_person", "tasks", "occasions"
    )


def breach_for(user: User, order: Order, breach_id: int) -> Breach:
    breach = breaches_of(user, order).filter(pk=breach_id).first()
    if breach is None:
        raise NotFound("breach")
    return breach


def search_orders(
    user: User, filters: dict[str, object], *, justification: str = ""
) -> QuerySet[Order]:
    """The user's visible orders for a list or dashboard; the search is audited."""
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("order") from exc
    reason = ""
    if user.role in (Role.OFFENDER_UNIT, Role.ADMIN):
        reason = check_justification(user, None, justification)
    record(
        user,
        Verb.SEARCHED,
        "order",
        justification=reason,
        detail={k: v for k, v in filters.items() if v not in (None, "")},
    )
    return visible_orders(user)


def in_force(orders: QuerySet[Order], today: date | None = None) -> QuerySet[Order]:
    """Orders made, not expired and not discharged on ``today``."""
    today = today or timezone.localdate()
    return orders.filter(made_on__lte=today).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=today),
    )


def open_orders_for(person: Person) -> list[Order]:
    """Orders in force against or protecting ``person``, for pages that have already
    opened the person through their own gatekeeper (offenders, people)."""
    orders = Order.objects.filter(Q(subject=person) | Q(protected=person)).distinct()
    return list(in_force(orders).select_related("subject").order_by("expires_on", "id"))
