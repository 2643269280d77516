"""Query counts of the report list and report page: flat in the rows and people shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from foursight.cases import actions as case_actions
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import AddOccasion, AddParty, CreateReport
from foursight.people import actions as people_actions
from tests.conftest import World

#: session, user, the search's audit entry (5 statements), the user's unit, count, page,
#: the page's offences.
REPORT_LIST_QUERIES = 11
#: As on the report page with a link run (tests/offenders/test_report_page_load.py), less
#: the matching queries that only run once offenders have been linked; with the suspects'
#: paths panel (the suspects, and their steps); and the case header (its own count in
#: tests/cases/test_case_header.py).
REPORT_PAGE_QUERIES = 42


def _count(client: Client, path: str, expect: bytes) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200 and expect in response.content
    return len(queries.captured_queries)


def test_report_list_queries_do_not_grow_with_rows(world: World) -> None:
    client = world.page("officer_cn")
    path = "/reports?status=open"
    assert _count(client, path, b"CN-") == REPORT_LIST_QUERIES
    officer = world.users["officer_cn"]
    for n in range(30):
        case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": "CN-CAMDEN",
                    "reported_at": datetime(2026, 3, 2, tzinfo=UTC) + timedelta(hours=n),
                    "channel": "online",
                    "offences": ["8Q", "8R"],
                }
            ),
        )
    assert _count(client, path, b"Page 1 of 2") == REPORT_LIST_QUERIES


def test_report_page_queries_do_not_grow_with_people_or_occasions(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    path = f"/reports/{report.pk}"
    assert _count(client, path, b"Mark DENTON") == REPORT_PAGE_QUERIES
    officer = world.users["officer_cn"]
    for n, role in enumerate(("victim", "suspect", "suspect", "witness")):
        person = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": "P", "surname": f"S{n}"})
        )
        case_actions.add_party(
            officer, report.pk, AddParty.from_dict({"person_id": person.pk, "role": role})
        )
    for day in range(5):
        case_actions.add_occasion(
            officer,
            report.pk,
            AddOccasion.from_dict(
                {
                    "started_at": datetime(2026, 2, 21 + day, 20, tzinfo=UTC),
                    "behaviours": ["contacting", "watching"],
                    "source": "victim_statement",
                }
            ),
        )
    assert _count(client, path, b"Watching") == REPORT_PAGE_QUERIES
