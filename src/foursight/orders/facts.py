"""The orders app's facts for the case header (``OrdersConfig.case_facts``): whether an
order in force is against or protects one of the report's people the user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.orders.access import visible_orders
from foursight.orders.models import Order


def in_force(today: Any) -> Q:
    """Orders made by ``today``, not discharged and not expired."""
    running = Q(until_further_order=True) | Q(expires_on__gte=today)
    return Q(made_on__lte=today, discharged_on__isnull=True) & running


def case_facts(user: User, report: Report, parties: list[Party]) -> dict[str, Any]:
    person_ids = [p.person_id for p in parties]
    if not person_ids:
        return {}
    involving = (Q(subject_id__in=person_ids) | Q(protected__in=person_ids)) & in_force(
        timezone.localdate()
    )
    # Most reports have no order: the indexed look-up spares them the visibility rule.
    if not Order.objects.filter(involving).exists():
        return {}
    if not visible_orders(user).filter(involving).exists():
        return {}
    return {"flags": ["Order in force"]}
