"""The public door: an online report and anonymous information, with bad input,
honeypot and rate limits, and what is (and is not) stored."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from foursight.audit.models import AuditEntry
from foursight.cases.models import Report
from foursight.intake.models import IntelligenceItem, OnlineReport
from tests.conftest import World
from tests.intake.conftest import INFORMATION, REPORT, post

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.77"


def test_online_report_is_routed_and_awaits_triage(world: World) -> None:
    response = post(Client(), "/public/reports", REPORT)
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    report = Report.objects.get(reference=reference)
    assert reference.startswith("CN-")
    assert (report.channel, report.status, report.allocated_officer) == (
        "online",
        "awaiting_triage",
        None,
    )
    assert report.unit.name == "Camden"
    online = OnlineReport.objects.get(report=report)
    assert online.reporter == {"name": "Jane Smith", "phone": "07700 900982"}
    assert online.suspect["identifiers"][1] == {"kind": "handle", "value": "@tombrown"}


def test_borough_decides_a_straddling_district(world: World) -> None:
    response = post(Client(), "/public/reports", {**REPORT, "borough": "Westminster"})
    assert response.status_code == 201
    assert Report.objects.get(reference=response.json()["reference"]).unit.name == "Westminster"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"postcode": "M1 1AE"}, "postcode"),
        ({"postcode": "EC2V 7HH"}, "postcode"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"postcode": ""}, "postcode"),
        ({"what_happened": "  "}, "what_happened"),
        ({"reporter": {"name": "Jane"}}, "reporter.phone"),
        ({"reporter": {"name": "", "phone": "07700 900982"}}, "name"),
        ({"reporter": {"name": "Jane", "email": "not-an-email"}}, "reporter.email"),
        ({"borough": "Gotham"}, "borough"),
        ({"website": "http://spam.example"}, "website"),
        (
            {"suspect": {"identifiers": [{"kind": "phone", "value": "12"}]}},
            "suspect.identifiers[0]",
        ),
    ],
)
def test_bad_report_names_the_field_and_stores_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    before = (Report.objects.count(), OnlineReport.objects.count(), AuditEntry.objects.count())
    response = post(Client(), "/public/reports", {**REPORT, **change})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field, error
    assert field.split(".")[0].split("[")[0] in error["message"]
    after = (Report.objects.count(), OnlineReport.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_outside_london_message_is_plain(world: World) -> None:
    error = post(Client(), "/public/reports", {**REPORT, "postcode": "M1 1AE"}).json()["error"]
    assert "outside the Metropolitan Police area" in error["message"]
    assert "999" in error["message"]


def test_reports_beyond_the_limit_are_refused(world: World, settings: Any) -> None:
    settings.INTAKE_REPORT_LIMIT = 2
    client = Client(REMOTE_ADDR=ADDRESS)
    codes = [post(client, "/public/reports", REPORT).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert OnlineReport.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert post(other, "/public/reports", REPORT).status_code == 201


def test_anonymous_information_stores_nothing_about_the_giver(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT="Agent/99 (distinctive)")
    with caplog.at_level(logging.DEBUG):
        response = post(client, "/public/information", INFORMATION)
    assert response.status_code == 201, response.content
    item = IntelligenceItem.objects.get()
    assert item.unit is not None and item.unit.name == "Camden"
    assert (item.about_name, item.place, item.status) == (
        "Gary Stone",
        "Camden Road station",
        "new",
    )
    assert [i["kind"] for i in item.identifiers] == ["phone", "email"]
    columns = {f.name for f in IntelligenceItem._meta.get_fields()}
    assert not columns & {"ip", "address", "user_agent", "reporter", "contact", "email", "phone"}
    # Nowhere in the database or the log: not the address, not the browser.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            text = json.dumps(cursor.fetchall(), default=str)
            assert ADDRESS not in text, table
            assert "distinctive" not in text, table
    assert all(ADDRESS not in r.getMessage() for r in caplog.records)
    entry = AuditEntry.objects.filter(object_type="intelligence").get()
    assert entry.actor == "system" and ADDRESS not in entry.detail


def test_information_needs_only_what(world: World) -> None:
    response = post(Client(), "/public/information", {"what": "A man watches number 4."})
    assert response.status_code == 201
    item = IntelligenceItem.objects.get()
    assert item.unit is None and item.identifiers == []


def test_bad_information_stores_nothing(world: World) -> None:
    for body, field in (
        ({"what": ""}, "what"),
        ({**INFORMATION, "postcode": "G1 1AA"}, "postcode"),
        ({**INFORMATION, "website": "x"}, "website"),
        ({**INFORMATION, "reporter": "me"}, "reporter"),
    ):
        response = post(Client(), "/public/information", body)
        assert response.status_code == 400
        assert response.json()["error"]["field"] == field
    assert IntelligenceItem.objects.count() == 0


def test_information_limit_is_global_and_keeps_no_address(world: World, settings: Any) -> None:
    settings.INTAKE_INFORMATION_LIMIT = 2
    codes = [
        post(Client(REMOTE_ADDR=f"192.0.2.{n}"), "/public/information", INFORMATION).status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    assert IntelligenceItem.objects.count() == 2
