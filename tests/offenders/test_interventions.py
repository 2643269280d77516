"""Perpetrator interventions: API, pages, role matrix, status history and bad input."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.offenders.intervention_models import Intervention, InterventionStatus, MappaReview
from tests.conftest import World

WHY = "MAPPA liaison for the case"


def _post(world: World, who: str, path: str, body: dict[str, Any], why: str | None = WHY) -> Any:
    client = world.api(who, why)
    return client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def _refer(world: World, who: str = "officer_cn", **extra: Any) -> Any:
    body = {"kind": "behaviour_change", "status": "offered", "on": "2026-03-05"}
    body.update(extra)
    return _post(world, who, f"/persons/{world.persons['suspect_cn'].pk}/interventions", body)


def test_referral_then_status_history_then_completion(world: World) -> None:
    made = _refer(world, provider="Drive", report_id=world.reports["cn"].pk)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["report_reference"]) == ("offered", world.reports["cn"].reference)
    path = f"/interventions/{body['id']}/status"
    for status, on in (("accepted", "2026-03-10"), ("started", "2026-04-01")):
        assert _post(world, "officer_cn", path, {"status": status, "on": on}).status_code == 200
    done = _post(world, "officer_cn", path, {"status": "completed", "on": "2026-05-20"}).json()
    assert [(h["status"], h["on"]) for h in done["history"]] == [
        ("offered", "2026-03-05"),
        ("accepted", "2026-03-10"),
        ("started", "2026-04-01"),
        ("completed", "2026-05-20"),
    ]
    listed = world.api("officer_cn").get(
        f"/api/v1/persons/{world.persons['suspect_cn'].pk}/interventions"
    )
    assert [i["status"] for i in listed.json()] == ["completed"]
    audit = AuditEntry.objects.filter(object_type="intervention", object_id=str(body["id"]))
    assert (
        audit.filter(action="created").count() == 1 and audit.filter(action="updated").count() == 3
    )


def test_mappa_with_reviews(world: World) -> None:
    made = _refer(
        world,
        kind="mappa",
        status="accepted",
        mappa_category=2,
        mappa_level=2,
        review_on="2026-04-01",
    ).json()
    review = _post(
        world,
        "officer_cn",
        f"/interventions/{made['id']}/reviews",
        {"held_on": "2026-04-01", "mappa_level": 3, "next_review_on": "2026-05-01"},
    )
    assert review.status_code == 201, review.content
    out = review.json()
    assert (out["mappa_level"], out["review_on"]) == (3, "2026-05-01")
    assert out["reviews"][0]["held_on"] == "2026-04-01"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "mappa"}, "mappa_category"),
        ({"kind": "mappa", "mappa_category": 4, "mappa_level": 1}, "mappa_category"),
        ({"mappa_level": 1}, "mappa_level"),
        ({"status": "graduated"}, "status"),
        ({"on": "2999-01-01"}, "on"),
        ({"kind": "yoga"}, "kind"),
        ({"report_id": 999999}, "report_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_referral_names_the_field_and_writes_nothing(
    world: World, extra: dict[str, Any], field: str
) -> None:
    response = _refer(world, **extra)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert Intervention.objects.count() == 0


def test_referral_of_a_victim_or_on_another_report_is_refused(world: World) -> None:
    victim = world.persons["victim_cn"].pk
    body = {"kind": "probation", "status": "offered", "on": "2026-03-05"}
    response = _post(world, "officer_cn", f"/persons/{victim}/interventions", body)
    assert response.status_code == 400 and response.json()["error"]["field"] == "person_id"
    other = _post(
        world,
        "admin",
        f"/persons/{world.persons['suspect_cn'].pk}/interventions",
        {**body, "report_id": world.reports["ne"].pk},
    )
    assert other.status_code == 400 and other.json()["error"]["field"] == "report_id"
    assert Intervention.objects.count() == 0


def test_going_back_needs_a_reason_and_changes_nothing_without_one(world: World) -> None:
    made = _refer(world, status="started").json()
    path = f"/interventions/{made['id']}/status"
    refused = _post(world, "officer_cn", path, {"status": "accepted", "on": "2026-04-01"})
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "reason"
    before = _post(world, "officer_cn", path, {"status": "dropped_out", "on": "2026-03-01"})
    assert before.status_code == 400 and before.json()["error"]["field"] == "on"
    assert InterventionStatus.objects.count() == 1
    assert Intervention.objects.get().status == "started"
    body = {"status": "accepted", "on": "2026-04-01", "reason": "programme paused by provider"}
    assert _post(world, "officer_cn", path, body).status_code == 200
    review = _post(
        world,
        "officer_cn",
        f"/interventions/{made['id']}/reviews",
        {"held_on": "2026-04-02", "mappa_level": 1},
    )
    assert review.status_code == 400 and review.json()["error"]["field"] == "intervention"
    assert MappaReview.objects.count() == 0


READERS = {"officer_cn", "supervisor_cn", "stac", "pou", "admin"}


@pytest.mark.parametrize(
    "who",
    ["officer_cn", "officer_ne", "supervisor_cn", "stac", "pou", "advocate", "analyst", "admin"],
)
def test_role_matrix(world: World, who: str) -> None:
    made = _refer(world).json()
    person = world.persons["suspect_cn"].pk
    listed = world.api(who, WHY).get(f"/api/v1/persons/{person}/interventions")
    one = world.api(who, WHY).get(f"/api/v1/interventions/{made['id']}")
    status = _post(
        world,
        who,
        f"/interventions/{made['id']}/status",
        {"status": "accepted", "on": "2026-03-06"},
    )
    refer = _refer(world, who)
    if who in READERS:
        assert (listed.status_code, one.status_code) == (200, 200)
        assert (status.status_code, refer.status_code) == (200, 201)
    else:
        assert (listed.status_code, one.status_code) == (404, 404)
        assert status.status_code in (403, 404) and refer.status_code in (400, 403)
        assert Intervention.objects.get().status == "offered"


def test_person_page_panel_and_forms(world: World) -> None:
    person = world.persons["suspect_cn"].pk
    client = world.page("officer_cn")
    response = client.post(
        f"/persons/{person}/interventions",
        {
            "kind": "probation",
            "status": "offered",
            "on": "2026-03-05",
            "provider": "London probation",
        },
    )
    assert response.status_code == 302
    made = Intervention.objects.get()
    assert (
        client.post(
            f"/interventions/{made.pk}/status", {"status": "started", "on": "2026-03-09"}
        ).status_code
        == 302
    )
    page = client.get(f"/persons/{person}").content.decode()
    assert "Interventions (perpetrator)" in page and "London probation" in page
    assert "Started" in page
    refused = client.post(
        f"/interventions/{made.pk}/status", {"status": "offered", "on": "2026-03-10"}
    )
    assert refused.status_code == 400 and b"reason" in refused.content
    assert Intervention.objects.get().status == "started"
    # refused on the person page itself: the summary links to the field, the form is open
    # and keeps what was typed
    shown = refused.content.decode()
    assert "There is a problem" in shown and f'href="#status-{made.pk}-reason"' in shown
    assert f'id="status-{made.pk}-on"' in shown and 'value="2026-03-10"' in shown
    review = client.post(f"/interventions/{made.pk}/reviews", {"held_on": "soon"})
    assert review.status_code == 400 and "There is a problem" in review.content.decode()


def test_stac_case_page_lists_the_suspects_interventions(world: World) -> None:
    _refer(world, kind="mappa", mappa_category=1, mappa_level=2)
    page = world.page("stac").get(f"/reports/{world.reports['cn'].pk}/stac").content.decode()
    assert "Perpetrator interventions" in page and "category 1, level 2" in page


def test_demo_interventions_follow_the_rules(world: World) -> None:
    from foursight.core.interventions import StatusChange, check_mappa, check_status
    from foursight.offenders.demo_data import _interventions

    assert _interventions() == Intervention.objects.count() >= 1
    for i in Intervention.objects.all():
        check_mappa(i.kind, i.mappa_category, i.mappa_level, i.review_on, i.status_on)
        steps = list(i.history.all())
        assert steps[-1].status == i.status
        for before, after in pairwise(steps):
            check_status(
                before.status, before.on, StatusChange(after.status, after.on), i.status_on
            )
