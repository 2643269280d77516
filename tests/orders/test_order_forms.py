"""The order forms: dates typed the UK way, refusals on the same page with what was typed,
and a banner for each change."""

from __future__ import annotations

from foursight.orders.models import Breach, Order
from tests.conftest import World
from tests.orders.test_orders_pages import form


def test_register_refused_then_made_with_uk_dates(world: World) -> None:
    client = world.page("officer_cn")
    refused = client.post("/orders/new", form(world, made_on="10/3/2026", expires_on="31/02/2028"))
    body = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in body
    assert "Expires on must be a real date: February 2028 has 29 days" in body
    assert 'href="#o-expires"' in body and 'value="31/02/2028"' in body
    assert "Highbury Corner Magistrates" in body and not Order.objects.exists()
    made = client.post("/orders/new", form(world, made_on="10/3/2026", expires_on="10/3/2028"))
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    assert "govuk-notification-banner--success" in page and "registered" in page
    assert Order.objects.get().expires_on.isoformat() == "2028-03-10"


def test_breach_time_in_uk_local_time_and_refusal(world: World) -> None:
    client = world.page("officer_cn")
    client.post("/orders/new", form(world))
    order = Order.objects.get()
    bad = {"occurred_at": "1/4/2026 25:30", "description": "Followed her"}
    refused = client.post(f"/orders/{order.pk}/breaches", bad)
    body = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in body
    assert "When it happened must be a real time" in body and 'value="1/4/2026 25:30"' in body
    assert ">Followed her</textarea>" in body
    good = {**bad, "occurred_at": "1/4/2026 19:30"}
    done = client.post(f"/orders/{order.pk}/breaches", good)
    assert "Breach recorded" in client.get(done["Location"]).content.decode()
    assert Breach.objects.get().occurred_at.isoformat() == "2026-04-01T18:30:00+00:00"
