"""Orders API: register, validate, update, conditions, the SPO notification duty, breaches."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.orders.models import Breach, BreachTask, Condition, Order
from tests.conftest import World


def base(world: World, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "restraining_conviction",
        "subject_id": world.persons["suspect_cn"].pk,
        "protected_ids": [world.persons["victim_cn"].pk],
        "report_id": world.reports["cn"].pk,
        "court": "Wood Green Crown Court",
        "made_on": "2026-04-01",
        "expires_on": "2027-04-01",
    }
    body.update(extra)
    return body


def post(world: World, path: str, body: dict[str, Any], who: str = "officer_cn") -> Any:
    return world.api(who).post(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json"
    )


def test_create_read_list_and_audit(world: World) -> None:
    body = base(
        world,
        conditions=[
            {"kind": "no_contact", "person_ids": [world.persons["victim_cn"].pk]},
            {"kind": "exclusion_postcode", "postcode": "n1 9gu", "radius_m": 500},
            {"kind": "exclusion_address", "address": "12 Upper Street, London"},
            {"kind": "no_social_media"},
            {"kind": "other", "text": "Not to enter Camden Market"},
        ],
    )
    response = post(world, "/orders", body)
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["status"] == "in_force"
    assert order["subject"]["person_id"] == world.persons["suspect_cn"].pk
    assert [c["kind"] for c in order["conditions"]] == [
        "no_contact",
        "exclusion_postcode",
        "exclusion_address",
        "no_social_media",
        "other",
    ]
    assert order["conditions"][1]["postcode"] == "N1 9GU"
    assert order["notification_due"] is None
    assert AuditEntry.objects.filter(action="created", object_type="order").count() == 1
    read = world.api("supervisor_cn").get(f"/api/v1/orders/{order['id']}")
    assert read.status_code == 200
    assert AuditEntry.objects.filter(
        action="viewed", object_type="order", actor="supervisor_cn"
    ).exists()
    listed = world.api("officer_cn").get(
        f"/api/v1/orders?person_id={world.persons['victim_cn'].pk}"
    )
    assert listed.json()["count"] == 1
    assert world.api("officer_ne").get("/api/v1/orders").json()["count"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "caution"}, "kind"),
        ({"court": ""}, "court"),
        ({"made_on": "2026-13-01"}, "made_on"),
        ({"made_on": (date.today() + timedelta(days=3)).isoformat()}, "made_on"),
        ({"expires_on": None}, "expires_on"),
        ({"expires_on": "2026-03-01"}, "expires_on"),
        ({"until_further_order": True}, "expires_on"),
        ({"kind": "spo", "expires_on": "2028-03-31"}, "expires_on"),
        ({"protected_ids": []}, "protected_ids"),
        ({"protected_ids": [999999]}, "protected_ids"),
        ({"subject_id": 999999}, "subject_id"),
        ({"report_id": 999999}, "report_id"),
        ({"served_on": "2026-03-01"}, "served_on"),
        ({"colour": "red"}, "colour"),
        ({"conditions": [{"kind": "no_contact", "person_ids": []}]}, "conditions[0].person_ids"),
        (
            {"conditions": [{"kind": "exclusion_postcode", "postcode": "nowhere", "radius_m": 5}]},
            "conditions[0].postcode",
        ),
        (
            {"conditions": [{"kind": "exclusion_postcode", "postcode": "N1 9GU", "radius_m": 0}]},
            "conditions[0].radius_m",
        ),
        ({"conditions": [{"kind": "other"}]}, "conditions[0].text"),
        ({"conditions": [{"kind": "curfew"}]}, "conditions.0.kind"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    response = post(world, "/orders", base(world, **change))
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] in (field, field.replace("conditions.0", "conditions[0]")), error
    assert Order.objects.count() == 0
    assert Condition.objects.count() == 0


def test_subject_cannot_protect_themselves(world: World) -> None:
    body = base(world, protected_ids=[world.persons["suspect_cn"].pk])
    response = post(world, "/orders", body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "protected_ids"


def test_full_spo_two_years_and_until_further_order(world: World) -> None:
    two_years = post(world, "/orders", base(world, kind="spo", expires_on="2028-04-01"))
    assert two_years.status_code == 201, two_years.content
    open_ended = post(
        world, "/orders", base(world, kind="spo", expires_on=None, until_further_order=True)
    )
    assert open_ended.status_code == 201, open_ended.content
    assert open_ended.json()["until_further_order"] is True
    interim = post(world, "/orders", base(world, kind="spo_interim", expires_on="2026-05-01"))
    assert interim.status_code == 201, interim.content


def test_spo_notification_overdue_then_recorded(world: World) -> None:
    made = date.today() - timedelta(days=10)
    response = post(
        world,
        "/orders",
        base(
            world, kind="spo", made_on=made.isoformat(), expires_on=None, until_further_order=True
        ),
    )
    order = response.json()
    assert order["served_on"] == made.isoformat()
    assert order["notification_due"] == (made + timedelta(days=3)).isoformat()
    assert order["notification_overdue"] is True
    page = world.page("officer_cn").get("/orders")
    assert b"notifications overdue (1)" in page.content
    patched = world.api("officer_cn").patch(
        f"/api/v1/orders/{order['id']}",
        data=json.dumps({"notified_on": (made + timedelta(days=5)).isoformat()}),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["notification_overdue"] is False
    assert AuditEntry.objects.filter(action="updated", object_type="order").exists()


def test_update_refuses_bad_dates_and_keeps_the_order(world: World) -> None:
    order_id = post(world, "/orders", base(world)).json()["id"]
    response = world.api("officer_cn").patch(
        f"/api/v1/orders/{order_id}",
        data=json.dumps({"expires_on": "2025-01-01"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "expires_on"
    assert Order.objects.get(pk=order_id).expires_on == date(2027, 4, 1)
    discharged = world.api("officer_cn").patch(
        f"/api/v1/orders/{order_id}",
        data=json.dumps({"discharged_on": "2026-05-01"}),
        content_type="application/json",
    )
    assert discharged.json()["status"] == "discharged"


def test_conditions_add_list_remove(world: World) -> None:
    order_id = post(world, "/orders", base(world)).json()["id"]
    added = post(
        world,
        f"/orders/{order_id}/conditions",
        {"kind": "requirement", "text": "Attend a perpetrator programme"},
    )
    assert added.status_code == 201, added.content
    listed = world.api("officer_cn").get(f"/api/v1/orders/{order_id}/conditions").json()
    assert [c["text"] for c in listed] == ["Attend a perpetrator programme"]
    bad = post(
        world,
        f"/orders/{order_id}/conditions",
        {"kind": "no_contact", "person_ids": [world.persons["suspect_ne"].pk]},
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "condition.person_ids"
    removed = world.api("officer_cn").delete(
        f"/api/v1/orders/{order_id}/conditions/{added.json()['id']}"
    )
    assert removed.status_code == 204
    assert Condition.objects.filter(order_id=order_id).count() == 0


def test_record_breach_links_report_occasions_and_creates_tasks(world: World) -> None:
    order_id = post(world, "/orders", base(world)).json()["id"]
    occasion = world.reports["cn"].occasions.first()
    assert occasion is not None
    occasion_ne = world.reports["ne"].occasions.first()
    assert occasion_ne is not None
    body = {
        "occurred_at": "2026-05-02T18:30:00+01:00",
        "report_id": world.reports["cn"].pk,
        "occasion_ids": [occasion.pk],
        "description": "Waited outside her flat",
    }
    wrong = post(world, f"/orders/{order_id}/breaches", {**body, "occasion_ids": [occasion_ne.pk]})
    assert wrong.status_code == 400
    assert wrong.json()["error"]["field"] == "occasion_ids"
    before = post(
        world, f"/orders/{order_id}/breaches", {**body, "occurred_at": "2026-03-01T10:00:00Z"}
    )
    assert before.status_code == 400
    assert before.json()["error"]["field"] == "occurred_at"
    assert Breach.objects.count() == 0
    response = post(world, f"/orders/{order_id}/breaches", body)
    assert response.status_code == 201, response.content
    breach = response.json()
    assert breach["status"] == "confirmed"
    assert breach["occasion_ids"] == [occasion.pk]
    assert sorted(t["kind"] for t in breach["tasks"]) == ["arrest", "risk_review"]
    listed = world.api("officer_cn").get(f"/api/v1/orders/{order_id}/breaches").json()
    assert [b["id"] for b in listed] == [breach["id"]]
    task = breach["tasks"][0]
    done = post(world, f"/orders/{order_id}/tasks/{task['id']}/done", {"notes": "arrested 03:10"})
    assert done.status_code == 200, done.content
    assert BreachTask.objects.get(pk=task["id"]).done_at is not None
    again = post(world, f"/orders/{order_id}/tasks/{task['id']}/done", {"notes": ""})
    assert again.status_code == 409


def test_advocate_sees_order_and_conditions_but_not_breaches(world: World) -> None:
    order_id = post(world, "/orders", base(world, conditions=[{"kind": "no_social_media"}])).json()[
        "id"
    ]
    read = world.api("advocate").get(f"/api/v1/orders/{order_id}")
    assert read.status_code == 200
    data = read.json()
    assert data["subject"]["person_id"] is None
    assert data["breaches"] is None
    assert data["conditions"][0]["kind"] == "no_social_media"
    assert world.api("advocate").get(f"/api/v1/orders/{order_id}/breaches").status_code == 404


def test_expiring_filter(world: World) -> None:
    soon = (date.today() + timedelta(days=10)).isoformat()
    post(world, "/orders", base(world, expires_on=soon))
    post(world, "/orders", base(world))
    listed = world.api("officer_cn").get("/api/v1/orders?expiring_within_days=30").json()
    assert [o["expires_on"] for o in listed["items"]] == [soon]
    bad = world.api("officer_cn").get("/api/v1/orders?kind=caution")
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "kind"
