"""Order pages: register through the form, the order page's forms, and the panels."""

from __future__ import annotations

from datetime import date, timedelta

from foursight.orders.models import Breach, Condition, Order
from tests.conftest import World


def form(world: World, **extra: str) -> dict[str, str]:
    data = {
        "kind": "spo",
        "subject_id": str(world.persons["suspect_cn"].pk),
        "protected_ids": str(world.persons["victim_cn"].pk),
        "report_id": str(world.reports["cn"].pk),
        "court": "Highbury Corner Magistrates' Court",
        "made_on": "2026-03-10",
        "expires_on": "2028-03-10",
        "no_contact": "1",
        "no_social_media": "1",
        "postcode": "N1 9GU",
        "radius_m": "250",
    }
    data.update(extra)
    return data


def test_register_from_the_report_page(world: World) -> None:
    client = world.page("officer_cn")
    report = client.get(f"/reports/{world.reports['cn'].pk}")
    assert b"Register an order" in report.content
    new = client.get(f"/orders/new?report={world.reports['cn'].pk}")
    assert new.status_code == 200
    assert f'value="{world.persons["suspect_cn"].pk}"'.encode() in new.content
    response = client.post("/orders/new", form(world))
    assert response.status_code == 302
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.pk}"
    assert sorted(order.conditions.values_list("kind", flat=True)) == [
        "exclusion_postcode",
        "no_contact",
        "no_social_media",
    ]
    page = client.get(f"/orders/{order.pk}")
    assert b"250 m around N1 9GU" in page.content
    report = client.get(f"/reports/{world.reports['cn'].pk}")
    assert b"Stalking Protection Order" in report.content
    person = client.get(f"/persons/{world.persons['victim_cn'].pk}")
    assert b"Stalking Protection Order" in person.content


def test_short_spo_is_refused_on_the_form(world: World) -> None:
    response = world.page("officer_cn").post("/orders/new", form(world, expires_on="2027-03-10"))
    assert response.status_code == 400
    assert b"at least 2 years" in response.content
    assert b'role="alert"' in response.content
    assert Order.objects.count() == 0


def test_order_page_forms(world: World) -> None:
    client = world.page("officer_cn")
    client.post("/orders/new", form(world))
    order = Order.objects.get()
    notified = (date.today() - timedelta(days=1)).isoformat()
    assert client.post(f"/orders/{order.pk}/update", {"notified_on": notified}).status_code == 302
    order.refresh_from_db()
    assert order.notified_on == date.fromisoformat(notified)
    added = client.post(
        f"/orders/{order.pk}/conditions", {"kind": "requirement", "text": "Attend a programme"}
    )
    assert added.status_code == 302
    bad = client.post(f"/orders/{order.pk}/conditions", {"kind": "requirement", "text": ""})
    assert bad.status_code == 400
    assert Condition.objects.filter(order=order, kind="requirement").count() == 1
    occasion = world.reports["cn"].occasions.first()
    assert occasion is not None
    recorded = client.post(
        f"/orders/{order.pk}/breaches",
        {
            "occurred_at": "2026-04-01T19:30",
            "report_id": str(world.reports["cn"].pk),
            "occasion_ids": [str(occasion.pk)],
            "description": "Followed her from the station",
        },
    )
    assert recorded.status_code == 302
    breach = Breach.objects.get(order=order)
    assert breach.occurred_at.isoformat() == "2026-04-01T18:30:00+00:00"  # BST
    assert list(breach.occasions.all()) == [occasion]
    page = client.get(f"/orders/{order.pk}")
    assert b"Arrest the subject" in page.content
    assert b"Followed her from the station" in page.content
    dashboard = client.get("/orders")
    assert b"Open breach tasks (2)" in dashboard.content
    assert b"Breaches confirmed in the last 30 days" in dashboard.content
    assert client.post(f"/orders/{order.pk}/detect").status_code == 302


def test_analyst_sees_no_panel(world: World) -> None:
    client = world.page("officer_cn")
    client.post("/orders/new", form(world))
    assert world.page("analyst").get(f"/reports/{world.reports['cn'].pk}").status_code == 404
    assert world.page("analyst").get("/orders").status_code == 404
