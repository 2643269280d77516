"""Every orders route and page against every role and unit.

The oracle restates the rules by hand: an order is seen by whoever may see its subject or
a protected person; advocates see orders protecting their victims but never breaches;
analysts see nothing; only writers change anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from foursight.core.order_commands import CreateOrder
from foursight.orders import actions
from foursight.orders.models import Breach, BreachTask, Order
from tests.conftest import ROLES, World

JUSTIFY = "Order compliance review"
WRITERS = {"officer_cn", "officer_ne", "supervisor_cn", "admin"}
READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "advocate", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
}
BREACH_READERS = {k: v - {"advocate"} for k, v in READERS.items()}


@dataclass
class Orders:
    ids: dict[str, int]
    conditions: dict[str, int]
    potential: dict[str, int]
    tasks: dict[str, int]


@pytest.fixture
def orders(world: World) -> Orders:
    ids, conditions, potential, tasks = {}, {}, {}, {}
    for key, officer in (("cn", "officer_cn"), ("ne", "officer_ne")):
        order = actions.create_order(
            world.users[officer],
            CreateOrder.from_dict(
                {
                    "kind": "non_molestation",
                    "subject_id": world.persons[f"suspect_{key}"].pk,
                    "protected_ids": [world.persons[f"victim_{key}"].pk],
                    "report_id": world.reports[key].pk,
                    "court": "Family Court at East London",
                    "made_on": "2026-03-10",
                    "until_further_order": True,
                    "conditions": [{"kind": "no_social_media"}, {"kind": "other", "text": "x y z"}],
                }
            ),
        )
        ids[key] = order.pk
        conditions[key] = order.conditions.order_by("id").last().pk  # type: ignore[union-attr]
        when = datetime(2026, 4, 1, 9, tzinfo=UTC)
        potential[key] = Breach.objects.create(
            order=order, status="potential", source="detected", occurred_at=when
        ).pk
        confirmed = Breach.objects.create(
            order=order, status="confirmed", source="recorded", occurred_at=when
        )
        tasks[key] = BreachTask.objects.create(
            breach=confirmed, kind="arrest", due_at=timezone.now()
        ).pk
    return Orders(ids, conditions, potential, tasks)


def _call(world: World, who: str, method: str, path: str, body: Any = None) -> Any:
    client = world.api(who, JUSTIFY if who in ("pou", "admin") else None)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


def _page(world: World, who: str) -> Client:
    client = world.page(who)
    session = client.session
    session["justification"] = {"reason": JUSTIFY, "until": timezone.now().timestamp() + 600}
    session.save()
    return client


READS = ["/orders/{id}", "/orders/{id}/conditions"]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("path", [*READS, "/orders/{id}/breaches"])
def test_reads(world: World, orders: Orders, who: str, key: str, path: str) -> None:
    response = _call(world, who, "get", path.format(id=orders.ids[key]))
    readers = BREACH_READERS if path.endswith("breaches") else READERS
    expected = 200 if who in readers[key] else 404
    assert response.status_code == expected, response.content
    if expected == 404:
        assert response.json()["error"]["code"] == "not_found"
        assert b"Family Court" not in response.content


@pytest.mark.parametrize("who", list(ROLES))
def test_list(world: World, orders: Orders, who: str) -> None:
    response = _call(world, who, "get", "/orders")
    if who == "analyst":
        assert response.status_code == 404
        return
    assert response.status_code == 200, response.content
    seen = {o["id"] for o in response.json()["items"]}
    assert seen == {orders.ids[k] for k in ("cn", "ne") if who in READERS[k]}


def _writes(orders: Orders, key: str) -> list[tuple[str, str, Any]]:
    oid = orders.ids[key]
    return [
        ("patch", f"/orders/{oid}", {"court_reference": "FC-1"}),
        ("post", f"/orders/{oid}/conditions", {"kind": "no_social_media"}),
        ("delete", f"/orders/{oid}/conditions/{orders.conditions[key]}", None),
        (
            "post",
            f"/orders/{oid}/breaches",
            {"occurred_at": "2026-04-02T10:00:00Z", "description": "seen at her door"},
        ),
        (
            "post",
            f"/orders/{oid}/breaches/{orders.potential[key]}/decision",
            {"decision": "dismiss", "reason": "not the subject's number"},
        ),
        ("post", f"/orders/{oid}/tasks/{orders.tasks[key]}/done", {"notes": "arrested"}),
        ("post", f"/orders/{oid}/detect-breaches", None),
    ]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("index", range(7))
def test_writes(world: World, orders: Orders, who: str, key: str, index: int) -> None:
    method, path, body = _writes(orders, key)[index]
    response = _call(world, who, method, path, body)
    if who in WRITERS and who in READERS[key]:
        assert response.status_code in (200, 201, 204), response.content
    else:
        assert response.status_code in (403, 404), response.content


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_create(world: World, who: str, key: str) -> None:
    body = {
        "kind": "dapo",
        "subject_id": world.persons[f"suspect_{key}"].pk,
        "protected_ids": [world.persons[f"victim_{key}"].pk],
        "court": "Family Court at East London",
        "made_on": "2026-03-10",
        "expires_on": "2026-09-10",
    }
    response = _call(world, who, "post", "/orders", body)
    if who in WRITERS and who in READERS[key]:
        assert response.status_code == 201, response.content
    elif who in WRITERS:
        assert response.status_code == 400  # the persons are not theirs to see
        assert response.json()["error"]["field"] == "subject_id"
    else:
        assert response.status_code == 403
    assert Order.objects.filter(kind="dapo").count() == (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_order_page(world: World, orders: Orders, who: str, key: str) -> None:
    response = _page(world, who).get(f"/orders/{orders.ids[key]}")
    expected = 200 if who in READERS[key] else 404
    assert response.status_code == expected
    if expected == 200:
        assert (b"Scan evidence" in response.content) == (who in WRITERS)
        assert (b"Breaches (" in response.content) == (who in BREACH_READERS[key])


@pytest.mark.parametrize("who", list(ROLES))
def test_dashboard_and_new_pages(world: World, orders: Orders, who: str) -> None:
    client = _page(world, who)
    dashboard = client.get("/orders")
    assert dashboard.status_code == (404 if who == "analyst" else 200)
    if who != "analyst":
        assert (b"Potential breaches to decide" in dashboard.content) == (who != "advocate")
    new = client.get(f"/orders/new?report={world.reports['cn'].pk}")
    if who in WRITERS:
        assert new.status_code == (200 if who in READERS["cn"] else 404)
    else:
        assert new.status_code == 403
    home = client.get("/")
    assert (b'href="/orders"' in home.content) == (who != "analyst" and who != "advocate")


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_page_posts(world: World, orders: Orders, who: str, key: str) -> None:
    client = _page(world, who)
    oid = orders.ids[key]
    response = client.post(
        f"/orders/{oid}/breaches/{orders.potential[key]}/decision",
        {"decision": "confirm", "reason": "victim identified the caller"},
    )
    allowed = who in WRITERS and who in READERS[key]
    assert response.status_code == (302 if allowed else 403 if who not in WRITERS else 404)
    status = Breach.objects.get(pk=orders.potential[key]).status
    assert status == ("confirmed" if allowed else "potential")
