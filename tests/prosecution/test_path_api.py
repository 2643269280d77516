"""The suspect's path through the API: a whole path, what it sets off, and refused steps."""

from __future__ import annotations

import json
from typing import Any

from foursight.audit.models import AuditEntry
from foursight.cases.models import Outcome, Party
from foursight.prosecution.models import BailCondition, Step
from foursight.risk.models import ReassessmentRequest
from tests.conftest import World


def suspect(world: World, key: str = "cn") -> Party:
    return Party.objects.get(report=world.reports[key], role="suspect")


def add(world: World, body: dict[str, Any], who: str = "officer_cn", key: str = "cn") -> Any:
    party = suspect(world, key)
    return world.api(who).post(
        f"/api/v1/reports/{party.report_id}/suspects/{party.pk}/steps",
        data=json.dumps(body),
        content_type="application/json",
    )


def path(world: World, who: str = "officer_cn", key: str = "cn") -> Any:
    party = suspect(world, key)
    return world.api(who).get(f"/api/v1/reports/{party.report_id}/suspects/{party.pk}/path")


ARREST = {"kind": "arrest", "at": "2026-03-05T07:00:00+00:00", "offences": ["8Q"], "where": "Home"}
CHARGE = {"kind": "charge", "on": "2026-03-06", "offences": ["8Q"], "authorised_by": "cps"}


def test_whole_path_sets_outcome_orders_and_release_review(world: World) -> None:
    steps = [
        ARREST,
        {"kind": "interview", "at": "2026-03-05T11:00:00+00:00", "legal_advice": True},
        {
            "kind": "bail",
            "on": "2026-03-05",
            "return_on": "2026-04-05",
            "conditions": [{"kind": "no_contact", "text": "No contact with Alice Walker"}],
        },
        CHARGE,
        {"kind": "hearing", "on": "2026-03-20", "court": "Highbury Corner Magistrates"},
        {
            "kind": "hearing",
            "on": "2026-06-01",
            "court": "Wood Green Crown Court",
            "hearing_kind": "trial",
        },
        {"kind": "verdict", "on": "2026-06-03", "results": [{"offence": "8Q", "result": "guilty"}]},
        {
            "kind": "sentence",
            "on": "2026-07-01",
            "disposal": "immediate_custody",
            "months": 18,
            "orders": [
                {
                    "kind": "restraining_conviction",
                    "starts_on": "2026-07-01",
                    "ends_on": "2031-07-01",
                }
            ],
        },
        {"kind": "release", "on": "2026-11-30"},
    ]
    for body in steps:
        response = add(world, body)
        assert response.status_code == 201, (body, response.content)
    got = path(world).json()["steps"]
    assert [s["kind"] for s in got] == [s["kind"] for s in steps]
    assert got[2]["conditions"][0]["kind"] == "no_contact"
    assert got[2]["conditions"][0]["id"] == BailCondition.objects.get().pk
    outcome = Outcome.objects.get(report=world.reports["cn"])
    assert (outcome.code, str(outcome.charged_on)) == ("1", "2026-03-06")
    assert str(outcome.first_hearing) == "2026-03-20" and str(outcome.trial_date) == "2026-06-01"
    person = world.persons["suspect_cn"].pk
    orders = world.api("officer_cn").get(
        f"/api/v1/orders?person_id={person}&kind=restraining_conviction"
    )
    assert orders.status_code == 200 and orders.json()["count"] == 1
    review = ReassessmentRequest.objects.get(report=world.reports["cn"])
    assert "Release from custody" in review.note
    assert got[-1]["review_id"] == review.pk
    assert AuditEntry.objects.filter(action="step_recorded").count() == len(steps)


def refused(world: World, body: dict[str, Any], field: str) -> None:
    before = (Step.objects.count(), Outcome.objects.get(report=world.reports["cn"]).code)
    response = add(world, body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field, error
    assert field.split("[")[0] in error["message"]
    assert (Step.objects.count(), Outcome.objects.get(report=world.reports["cn"]).code) == before


def test_refused_steps_name_the_field_and_change_nothing(world: World) -> None:
    refused(world, {**ARREST, "at": "2026-02-01T07:00:00+00:00"}, "at")
    refused(world, {**ARREST, "offences": ["XX9"]}, "offences")
    refused(
        world,
        {"kind": "verdict", "on": "2026-03-07", "results": [{"offence": "8Q", "result": "guilty"}]},
        "kind",
    )
    refused(world, {"kind": "sentence", "on": "2026-03-07", "disposal": "fine"}, "kind")
    refused(world, {**ARREST, "colour": "blue"}, "colour")
    assert add(world, ARREST).status_code == 201
    assert add(world, CHARGE).status_code == 201
    refused(
        world,
        {"kind": "verdict", "on": "2026-03-07", "results": [{"offence": "8L", "result": "guilty"}]},
        "results[0].offence",
    )
    assert (
        add(
            world,
            {
                "kind": "verdict",
                "on": "2026-03-08",
                "results": [{"offence": "8Q", "result": "not_guilty"}],
            },
        ).status_code
        == 201
    )
    refused(world, {"kind": "sentence", "on": "2026-03-09", "disposal": "fine"}, "kind")
    refused(world, {"kind": "release", "on": "2026-03-09"}, "kind")


def test_officer_outcome_with_reason_wins_over_the_charge(world: World) -> None:
    assert add(world, ARREST).status_code == 201
    assert add(world, CHARGE).status_code == 201
    assert Outcome.objects.get(report=world.reports["cn"]).code == "1"
    body = {
        "kind": "outcome",
        "on": "2026-03-10",
        "code": "9",
        "reason": "CPS: not in the public interest",
    }
    assert add(world, body).status_code == 201
    assert Outcome.objects.get(report=world.reports["cn"]).code == "9"
    refused(world, {"kind": "outcome", "on": "2026-03-10", "code": "9"}, "reason")
