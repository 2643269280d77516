"""Each role's home page is a worklist: summary counts, a filter form and a sortable table
with the victim (as the viewer may see them), risk level, next action and due date."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foursight.cases import actions as case_actions
from foursight.cases.models import Party, Report
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import CreateReport
from foursight.people import actions as people_actions
from foursight.people.models import Person
from foursight.risk.models import Assessment, Plan, Referral
from tests.conftest import World
from tests.operations.test_target_finding import open_operation, purpose

COLUMNS = ("Reference", "Victim", "Risk level", "Next action", "Due")


def _home(client: Client, query: str = "") -> str:
    response = client.get("/" + query)
    assert response.status_code == 200
    return response.content.decode()


def _count(html: str, key: str) -> int:
    found = re.search(rf'id="count-{key}"><span class="app-counts__value">(\d+)</span>', html)
    assert found, key
    return int(found.group(1))


def _assess(report: Report, level: str) -> None:
    victim = Party.objects.get(report=report, role="victim")
    suspect = Party.objects.get(report=report, role="suspect")
    Assessment.objects.create(
        report=report,
        victim=victim,
        suspect=suspect,
        instrument="dash",
        definition_version="1",
        version=1,
        level=level,
        assessor_name="officer",
        assessed_at=timezone.now(),
    )


def _headings(html: str) -> list[str]:
    table = html[html.index('id="worklist-table"') :]
    head = table[: table.index("</thead>")]
    return re.findall(
        r'<th scope="col" class="govuk-table__header" aria-sort="[a-z]+">([^<]+)</th>', head
    )


def test_the_officers_worklist_has_the_columns_counts_and_sort(world: World) -> None:
    report = world.reports["cn"]
    Report.objects.filter(pk=report.pk).update(review_due=timezone.localdate() - timedelta(days=2))
    _assess(report, "high")
    html = _home(world.page("officer_cn"))
    assert 'data-module="moj-sortable-table"' in html
    assert _headings(html) == list(COLUMNS)
    assert 'aria-sort="ascending">Due</th>' in html
    assert report.reference in html and "Alice WALKER" in html
    assert (_count(html, "open"), _count(html, "overdue"), _count(html, "high")) == (1, 1, 1)
    row = html[html.index(f">{report.reference}</a>") :]
    row = row[: row.index("</tr>")]
    assert "High" in row and "Review the report" in row
    assert row.count("Overdue") == 1 and "govuk-tag--red" in row
    assert 'data-sort-value="0"' in row  # high risk sorts first


def test_the_next_action_is_the_earliest_dated_one(world: World) -> None:
    report = world.reports["cn"]
    today = timezone.localdate()
    Report.objects.filter(pk=report.pk).update(review_due=today + timedelta(days=20))
    Plan.objects.create(
        report=report, review_on=today + timedelta(days=3), updated_at=timezone.now()
    )
    html = _home(world.page("officer_cn"))
    assert "Review the management plan" in html and "Review the report" not in html
    assert _count(html, "week") == 1 and _count(html, "overdue") == 0
    assert "govuk-tag--red" not in html


def test_a_report_never_assessed_asks_for_an_assessment(world: World) -> None:
    html = _home(world.page("officer_cn"))
    assert "Complete a risk assessment" in html and "Not assessed" in html


def test_the_filters_narrow_the_list_but_not_the_counts(world: World) -> None:
    report = world.reports["cn"]
    _assess(report, "medium")
    client = world.page("officer_cn")
    assert report.reference in _home(client, "?risk=medium")
    narrowed = _home(client, "?risk=high")
    assert report.reference not in narrowed and "Nothing matches the filters." in narrowed
    assert _count(narrowed, "open") == 1 and "Clear filters" in narrowed
    assert report.reference in _home(client, "?q=walker")
    assert report.reference not in _home(client, "?due=overdue")
    assert report.reference in _home(client, "?risk=nonsense")  # unknown values are ignored


def test_the_supervisor_sees_the_unallocated_and_the_overdue(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("supervisor_cn")
    html = _home(client)
    assert report.reference not in html  # allocated and nothing overdue
    Report.objects.filter(pk=report.pk).update(allocated_officer=None)
    html = _home(client)
    assert report.reference in html and "No officer" in html and _count(html, "unallocated") == 1
    assert "Officer" in _headings(html)
    Report.objects.filter(pk=report.pk).update(
        allocated_officer=world.users["officer_cn"],
        review_due=timezone.localdate() - timedelta(days=1),
    )
    html = _home(client)
    assert report.reference in html and _count(html, "overdue") == 1
    assert world.reports["ne"].reference not in html  # another BCU


def test_the_stac_sees_its_referrals_by_status(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("stac")
    html = _home(client)
    assert "Referrals to the STAC" in html and report.reference in html
    assert "Status" in _headings(html) and "Awaiting a plan" in html
    assert _count(html, "referrals") == 1 and _count(html, "awaiting") == 1
    assert report.reference not in _home(client, "?status=plan_in_place")
    Plan.objects.create(
        report=report,
        review_on=timezone.localdate() + timedelta(days=10),
        updated_at=timezone.now(),
    )
    assert report.reference in _home(client, "?status=plan_in_place")
    assert world.reports["ne"].reference not in html  # not referred


def test_the_advocate_has_one_list_on_home_and_on_my_victims(world: World) -> None:
    client = world.page("advocate")
    home, mine = _home(client), client.get("/risk/advocate").content.decode()
    report = world.reports["cn"]

    def rows(html: str) -> list[str]:
        body = html[html.index('id="worklist-table"') :]
        return re.findall(r'href="/reports/\d+">([^<]+)</a>', body[: body.index("</table>")])

    assert rows(home) == rows(mine) == [report.reference]
    assert "Alice WALKER" in home and "Alice WALKER" in mine
    assert "Bella OKAFOR" not in home  # not referred to this advocate
    assert "Referred" in _headings(home) and "Support needed" in home
    victim = Party.objects.get(report=report, role="victim")
    Referral.objects.create(
        report=report,
        victim=victim,
        kind="advocate",
        referred_on=timezone.localdate(),
        consent=True,
        consent_note="verbal",
        advocate=world.users["advocate"],
        support_needs="Safety planning",
        reason="needs support",
        made_by=world.users["officer_cn"],
        made_at=timezone.now(),
    )
    home, mine = _home(client), client.get("/risk/advocate").content.decode()
    assert rows(home) == rows(mine) == [report.reference]
    assert "Safety planning" in home and "Safety planning" in mine


def test_a_protected_victim_is_named_only_with_a_grant(world: World) -> None:
    Person.objects.filter(pk=world.persons["victim_cn"].pk).update(protected=True)
    html = _home(world.page("officer_cn"))
    assert "Protected person" in html and "WALKER" not in html


def test_the_offender_unit_sees_operations_and_visits_due(world: World) -> None:
    client = world.page("pou")
    assert "give a purpose of access" in _home(client)
    op = open_operation(world)
    purpose(client).post(f"/operations/{op}/targets", {"person_id": world.persons["suspect_cn"].pk})
    html = _home(client)
    assert "Operations and visits" in html and f'href="/operations/{op}">Nightjar' in html
    assert _count(html, "open-operations") == 1 and _count(html, "outstanding") == 1
    assert 'id="operations-table"' in html and 'data-module="moj-sortable-table"' in html


def test_the_analyst_sees_aggregates_only(world: World) -> None:
    html = _home(world.page("analyst"))
    assert "Reports per month by BCU" in html and 'id="worklist"' not in html


def _queries(client: Client) -> int:
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries.captured_queries)


def test_the_officers_home_queries_do_not_grow_with_rows(world: World) -> None:
    client = world.page("officer_cn")
    before = _queries(client)
    officer = world.users["officer_cn"]
    for n in range(12):
        victim = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": f"V{n}", "surname": "Added"})
        )
        case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": "CN-CAMDEN",
                    "reported_at": datetime(2026, 3, 2, tzinfo=UTC) + timedelta(hours=n),
                    "channel": "online",
                    "offences": ["8Q"],
                    "victims": [{"person_id": victim.pk}],
                }
            ),
        )
    html = _home(client)
    assert _count(html, "open") == 13
    assert _queries(client) == before


def test_the_stac_home_queries_do_not_grow_with_rows(world: World) -> None:
    client = world.page("stac")
    before = _queries(client)
    case_actions.refer_to_stac(world.users["officer_ne"], world.reports["ne"].pk, "high risk")
    assert _count(_home(client), "referrals") == 2
    assert _queries(client) == before
