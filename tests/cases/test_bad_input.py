"""Bad input gets a 4xx naming the field, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from foursight.cases.models import Occasion, Report
from foursight.people.models import Person
from tests.conftest import World


def _post(world: World, path: str, body: Any, raw: bool = False) -> Any:
    client = world.api("officer_cn")
    data = body if raw else json.dumps(body)
    return client.post(f"/api/v1{path}", data=data, content_type="application/json")


GOOD = {"unit": "CN-CAMDEN", "channel": "online", "offences": ["8Q"]}


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({**GOOD, "colour": "red"}, "colour", "unknown field"),
        ({**GOOD, "offences": ["ZZ9"]}, "offences[0]", "unknown code"),
        ({**GOOD, "unit": "ATLANTIS"}, "unit", "unknown unit"),
        ({**GOOD, "unit": "NE-NEWHAM"}, "unit", "outside your BCU"),
        ({**GOOD, "channel": "pigeon"}, "channel", "unknown code"),
        ({**GOOD, "offences": "8Q"}, "offences", "list"),
        ({**GOOD, "reported_at": "yesterday"}, "reported_at", "datetime"),
        ({**GOOD, "victims": [{"person_id": 999999}]}, "victims[0]", "no such person"),
        (
            {
                **GOOD,
                "occasions": [
                    {
                        "started_at": "2026-02-02T10:00:00Z",
                        "ended_at": "2026-02-01T10:00:00Z",
                        "behaviours": ["following"],
                    }
                ],
            },
            "occasions[0].ended_at",
            "ends before it starts",
        ),
        (
            {
                **GOOD,
                "occasions": [{"started_at": "2026-02-02T10:00:00Z", "behaviours": ["dancing"]}],
            },
            "occasions[0].behaviours[0]",
            "unknown code",
        ),
    ],
)
def test_report_rejected_and_nothing_written(
    world: World, body: dict[str, Any], field: str, words: str
) -> None:
    reports, occasions = Report.objects.count(), Occasion.objects.count()
    response = _post(world, "/reports", body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["field"] == field, error
    assert words in error["message"]
    assert (Report.objects.count(), Occasion.objects.count()) == (reports, occasions)


def test_malformed_json(world: World) -> None:
    response = _post(world, "/reports", '{"unit": "CN",', raw=True)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert "not valid JSON" in response.json()["error"]["message"]


def test_occasion_that_ends_before_it_starts(world: World) -> None:
    report = world.reports["cn"]
    before = report.occasions.count()
    body = {
        "started_at": "2026-02-02T10:00:00Z",
        "ended_at": "2026-02-02T09:00:00Z",
        "behaviours": ["following"],
    }
    response = _post(world, f"/reports/{report.pk}/occasions", body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "occasion.ended_at"
    assert report.occasions.count() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "99"}, "code"),
        ({"code": "16"}, "withdrawal_reason"),
        ({"code": "1", "first_hearing": "2026-05-01", "trial_date": "2026-04-01"}, "trial_date"),
        ({"code": "1", "charged_on": "2020-01-01"}, "charged_on"),
    ],
)
def test_outcome_rejected(world: World, body: dict[str, Any], field: str) -> None:
    report = world.reports["cn"]
    client = world.api("officer_cn")
    response = client.put(
        f"/api/v1/reports/{report.pk}/outcome",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    report.outcome.refresh_from_db()
    assert report.outcome.code == "15"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"surname": "X", "date_of_birth": "1990-02-30"}, "date_of_birth"),
        ({"surname": "X", "date_of_birth": "12/03/1990"}, "date_of_birth"),
        (
            {"surname": "X", "identifiers": [{"kind": "phone", "value": "not a number"}]},
            "identifiers[0]",
        ),
        ({"surname": "X", "gender": "robot"}, "gender"),
        ({"first_names": "", "surname": ""}, "surname"),
    ],
)
def test_person_rejected(world: World, body: dict[str, Any], field: str) -> None:
    before = Person.objects.count()
    response = _post(world, "/persons", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert Person.objects.count() == before


def test_report_created_whole(world: World) -> None:
    victim = world.persons["victim_cn"]
    body = {
        **GOOD,
        "victims": [{"person_id": victim.pk}],
        "occasions": [
            {"started_at": "2026-02-02T10:00:00Z", "behaviours": ["following", "watching"]}
        ],
    }
    response = _post(world, "/reports", body)
    assert response.status_code == 201
    data = response.json()
    assert data["reference"].startswith("CN-") and data["unit"] == "CN-CAMDEN"
    assert [v["name"] for v in data["victims"]] == ["Alice WALKER"]
    assert data["occasions"][0]["behaviours"] == ["following", "watching"]


def test_partial_dates_of_birth(world: World) -> None:
    for dob in ("1984", "1984-07", "1984-07-21"):
        response = _post(world, "/persons", {"surname": "Partial", "date_of_birth": dob})
        assert response.json()["date_of_birth"] == dob
    response = _post(
        world,
        "/persons",
        {"surname": "Phone", "identifiers": [{"kind": "phone", "value": "07700 900123"}]},
    )
    assert response.json()["identifiers"][0] == {
        "kind": "phone",
        "raw": "07700 900123",
        "normalised": "+447700900123",
        "platform": "",
        "postcode": "",
    }
