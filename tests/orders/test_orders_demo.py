"""The demo orders load on a small force and obey the register's own rules."""

from __future__ import annotations

from django.utils import timezone

from foursight.orders import demo_data, rules
from foursight.orders.models import Breach, BreachTask, Order
from tests.conftest import World


def test_demo_orders_are_valid(world: World) -> None:
    counts = demo_data.load()
    assert counts["orders"] == Order.objects.count() >= 1
    today = timezone.localdate()
    for order in Order.objects.all():
        assert order.made_on <= today
        assert order.protected.exists()
        assert order.conditions.filter(kind="no_contact").exists()
        if order.kind == "spo" and order.expires_on is not None:
            assert order.expires_on >= rules.spo_minimum_expiry(order.made_on)
        assert (order.expires_on is None) == order.until_further_order
    assert Breach.objects.count() == counts["breaches"]
    assert BreachTask.objects.count() == counts["tasks"] == 2 * counts["breaches"]
