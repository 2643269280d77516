"""The demo orders load on a small force and obey the register's own rules."""

from __future__ import annotations

from django.utils import timezone

from foursight.core.order_commands import CreateOrder, UpdateOrder
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


def test_open_orders_for_lists_orders_in_force_only(world: World) -> None:
    from datetime import date

    from foursight.orders import actions
    from foursight.orders.access import open_orders_for

    officer = world.users["officer_cn"]
    common = {
        "subject_id": world.persons["suspect_cn"].pk,
        "protected_ids": [world.persons["victim_cn"].pk],
        "court": "Wood Green Crown Court",
        "made_on": "2026-03-10",
    }
    live = actions.create_order(
        officer,
        CreateOrder.from_dict(
            {**common, "kind": "restraining_conviction", "until_further_order": True}
        ),
    )
    actions.create_order(
        officer,
        CreateOrder.from_dict({**common, "kind": "non_molestation", "expires_on": "2026-04-10"}),
    )
    ended = actions.create_order(
        officer, CreateOrder.from_dict({**common, "kind": "dapo", "until_further_order": True})
    )
    actions.update_order(
        officer, ended.pk, UpdateOrder.from_dict({"discharged_on": date(2026, 5, 1)})
    )
    assert [o.pk for o in open_orders_for(world.persons["suspect_cn"])] == [live.pk]
    assert [o.pk for o in open_orders_for(world.persons["victim_cn"])] == [live.pk]
    assert open_orders_for(world.persons["suspect_ne"]) == []
