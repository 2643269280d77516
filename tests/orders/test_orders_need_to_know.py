"""Persons named by orders follow the person rule of reports, for every role.

The oracle restates the rule by hand: on the Camden report the victim (Alice WALKER) is
seen by the BCU's officers and supervisor, the STAC (referred), her advocate and admin;
never by the offender unit (suspects only), another BCU or an analyst. The subject (Mark
DENTON) is seen by everyone who sees suspects there, and advocates are told his name.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone

from foursight.core.order_commands import CreateOrder
from foursight.orders import actions
from foursight.orders.models import Breach, BreachEvent, BreachTask, Order
from foursight.people.models import Person
from tests.conftest import ROLES, World

JUSTIFY = "Order compliance review"
VICTIM_SEERS = {"officer_cn", "supervisor_cn", "stac", "advocate", "admin"}
ORDER_READERS = {"officer_cn", "supervisor_cn", "stac", "pou", "advocate", "admin"}
VICTIM = b"WALKER"
SUBJECT = b"DENTON"


@pytest.fixture
def order(world: World) -> Order:
    victim, suspect = world.persons["victim_cn"], world.persons["suspect_cn"]
    made = actions.create_order(
        world.users["officer_cn"],
        CreateOrder.from_dict(
            {
                "kind": "non_molestation",
                "subject_id": suspect.pk,
                "protected_ids": [victim.pk],
                "report_id": world.reports["cn"].pk,
                "court": "Family Court at East London",
                "made_on": "2026-03-10",
                "until_further_order": True,
                "conditions": [{"kind": "no_contact", "person_ids": [victim.pk]}],
            }
        ),
    )
    when = datetime(2026, 4, 1, 9, tzinfo=UTC)
    breach = Breach.objects.create(
        order=made, status="potential", source="detected", occurred_at=when
    )
    BreachEvent.objects.create(
        breach=breach,
        order=made,
        event_key="ev-1",
        ts_utc=when,
        channel="sms",
        kind="message",
        direction="incoming",
        counterpart="+447700900456",
        matched_identifier="+447700900456",
        protected_person=victim,
    )
    confirmed = Breach.objects.create(
        order=made, status="confirmed", source="recorded", occurred_at=timezone.now()
    )
    BreachTask.objects.create(breach=confirmed, kind="arrest", due_at=timezone.now())
    return made


def _api(world: World, who: str) -> Client:
    return world.api(who, JUSTIFY if who in ("pou", "admin") else None)


def _page(world: World, who: str) -> Client:
    client = world.page(who)
    session = client.session
    session["justification"] = {"reason": JUSTIFY, "until": timezone.now().timestamp() + 600}
    session.save()
    return client


@pytest.mark.parametrize("path", ["/orders/{id}", "/orders/{id}/conditions", "/orders"])
def test_order_api_names_only_persons_the_role_sees(world: World, order: Order, path: str) -> None:
    for who in ROLES:
        response = _api(world, who).get("/api/v1" + path.format(id=order.pk))
        if who == "analyst" or (who not in ORDER_READERS and path != "/orders"):
            assert response.status_code == 404, who
            continue
        if who not in ORDER_READERS:  # the list, empty
            assert response.json() == {"items": [], "count": 0}, who
            continue
        assert response.status_code == 200, (who, response.content)
        assert (VICTIM in response.content) == (who in VICTIM_SEERS), who
        if path != "/orders/{id}/conditions":
            assert SUBJECT in response.content, who


def test_offender_unit_sees_the_subject_and_a_protected_person(world: World, order: Order) -> None:
    data = _api(world, "pou").get(f"/api/v1/orders/{order.pk}").json()
    suspect = world.persons["suspect_cn"]
    assert data["subject"] == {"person_id": suspect.pk, "name": "Mark DENTON"}
    assert data["protected"] == [{"person_id": None, "name": "Protected person"}]
    assert data["conditions"][0]["persons"] == [{"person_id": None, "name": "Protected person"}]


def test_breach_events_name_the_protected_person_by_the_rule(world: World, order: Order) -> None:
    victim = world.persons["victim_cn"]
    for who in sorted(ORDER_READERS - {"advocate"}):
        response = _api(world, who).get(f"/api/v1/orders/{order.pk}/breaches")
        assert response.status_code == 200, who
        event = next(b for b in response.json() if b["events"])["events"][0]
        if who in VICTIM_SEERS:
            expected = {"person_id": victim.pk, "name": "Alice WALKER"}
        else:
            expected = {"person_id": None, "name": "Protected person"}
        assert event["protected_person"] == expected, who


def test_pages_name_only_persons_the_role_sees(world: World, order: Order) -> None:
    for who in sorted(ORDER_READERS):
        client = _page(world, who)
        pages = {
            "order": client.get(f"/orders/{order.pk}"),
            "dashboard": client.get("/orders"),
            "report": client.get(f"/reports/{world.reports['cn'].pk}"),
        }
        if who != "advocate":  # advocates never open a suspect's person page
            pages["person"] = client.get(f"/persons/{world.persons['suspect_cn'].pk}")
        for name, response in pages.items():
            assert response.status_code == 200, (who, name, response.status_code)
            if who not in VICTIM_SEERS:
                assert VICTIM not in response.content, (who, name)
        if who in VICTIM_SEERS:
            assert VICTIM in pages["order"].content, who
        else:
            assert b"Protected person" in pages["order"].content, who


def test_dashboard_breach_lists_hide_a_protected_subject(world: World, order: Order) -> None:
    Person.objects.filter(pk=world.persons["suspect_cn"].pk).update(protected=True)
    page = _page(world, "officer_cn").get("/orders")
    assert page.status_code == 200
    assert SUBJECT not in page.content
    assert b"Protected person" in page.content


def test_order_created_through_the_api_is_shown_by_the_rule(world: World) -> None:
    """The answer to the writer who registers the order uses the same rule."""
    body = {
        "kind": "dapo",
        "subject_id": world.persons["suspect_cn"].pk,
        "protected_ids": [world.persons["victim_cn"].pk],
        "court": "Family Court at East London",
        "made_on": "2026-03-10",
        "expires_on": "2026-09-10",
    }
    made = _api(world, "officer_cn").post(
        "/api/v1/orders", data=json.dumps(body), content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["protected"][0]["name"] == "Alice WALKER"
    read = _api(world, "pou").get(f"/api/v1/orders/{made.json()['id']}")
    assert VICTIM not in read.content


def test_person_filter_matches_only_persons_the_role_sees(world: World, order: Order) -> None:
    victim = world.persons["victim_cn"].pk
    for who in sorted(ORDER_READERS):
        listed = _api(world, who).get("/api/v1/orders", {"person_id": victim}).json()
        assert listed["count"] == (1 if who in VICTIM_SEERS else 0), who
