"""The case header and the report's sub-navigation on every report page.

Facts as the viewer may see them: names through the party rule and the protected-person
rule, risk only for roles that see victims; the next action due first; a constant number
of queries however many people a report has.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foursight.cases import actions as case_actions
from foursight.cases.header import case_header
from foursight.cases.models import Party, Report
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import AddParty
from foursight.people import actions as people_actions
from foursight.people.models import Person
from tests.conftest import World

#: parties, offences; risk: assessments, plan, reassessment requests; orders, repeat
#: offender, bail steps.
HEADER_QUERIES = 8


def _header(html: str) -> str:
    start = html.index('id="case-header"')
    return html[start : html.index("</nav>", start)]


def _current(html: str) -> list[str]:
    nav = html[html.index('aria-label="Report"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'href="([^"]+)" aria-current="page"', nav)


def _pages(report: Report) -> dict[str, str]:
    """Each report page and the part of the sub-navigation it is in."""
    r = f"/reports/{report.pk}"
    suspect = Party.objects.get(report=report, role="suspect")
    return {
        r: r,
        f"{r}/evidence": f"{r}/evidence",
        f"{r}/evidence/register": f"{r}/evidence",
        f"{r}/timeline": f"{r}/timeline",
        f"{r}/conduct": f"{r}/conduct",
        f"{r}/risk": f"{r}/risk",
        f"{r}/risk/assess/four": f"{r}/risk",
        f"{r}/disclosure": f"{r}/disclosure",
        f"{r}/case-file": f"{r}/case-file",
        f"{r}/suspects/{suspect.pk}/path": "",
    }


def test_header_and_sub_navigation_on_every_report_page(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    for path, part in _pages(report).items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        header = _header(html)
        assert report.reference in header and "Mark DENTON" in header, path
        assert "Alice WALKER" in header and "Stalking" in header, path
        assert _current(html) == ([part] if part else []), path


def test_stac_case_page_has_the_header_with_its_part(world: World) -> None:
    report = world.reports["cn"]
    html = world.page("stac").get(f"/reports/{report.pk}/stac").content.decode()
    assert "Alice WALKER" in _header(html)
    assert _current(html) == [f"/reports/{report.pk}/stac"]


def test_facts_flags_officer_and_next_action(world: World) -> None:
    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    Report.objects.filter(pk=report.pk).update(
        domestic_abuse=True,
        allocated_officer=officer,
        review_due=timezone.localdate() - timedelta(days=1),
    )
    html = world.page("officer_cn").get(f"/reports/{report.pk}/timeline").content.decode()
    header = _header(html)
    assert re.search(r'id="case-status">\s*Open', header)
    assert "Domestic abuse" in header and "Cyber element" not in header
    assert 'id="case-officer">officer_cn<' in header
    assert "Report review</a>, due" in header and "Overdue" in header
    assert "Not assessed yet" in header


def test_first_screen_is_the_next_action_on_a_stalking_report(world: World) -> None:
    report = world.reports["cn"]
    html = world.page("officer_cn").get(f"/reports/{report.pk}").content.decode()
    assert f'href="/reports/{report.pk}/risk/assess/four">Complete the FOUR' in _header(html)


def test_protected_victim_shows_as_protected_person_and_flag(world: World) -> None:
    report = world.reports["cn"]
    Person.objects.filter(pk=world.persons["victim_cn"].pk).update(protected=True)
    header = _header(world.page("officer_cn").get(f"/reports/{report.pk}").content.decode())
    assert "Alice WALKER" not in header
    assert 'id="case-victims">Protected person<' in header
    assert "Protected person</strong>" in header


@pytest.mark.parametrize(
    ("who", "victims", "suspects", "risk"),
    [
        ("officer_cn", "Alice WALKER", "Mark DENTON", True),
        ("stac", "Alice WALKER", "Mark DENTON", True),
        ("pou", "Not shown to your role", "Mark DENTON", False),
        ("advocate", "Alice WALKER", "Not shown to your role", False),
    ],
)
def test_header_hides_what_a_role_may_not_see(
    world: World, who: str, victims: str, suspects: str, risk: bool
) -> None:
    report = world.reports["cn"]
    client = world.page(who)
    if who == "pou":
        client.post("/purpose", {"reason": "Checking the case for a briefing", "next": "/"})
    response = client.get(f"/reports/{report.pk}/case-file")
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    header = _header(html)
    assert f'id="case-victims">{victims}<' in header
    assert f'id="case-suspects">{suspects}<' in header
    assert ('id="case-risk"' in header) is risk


def test_header_queries_do_not_grow_with_people(world: World) -> None:
    report = world.reports["cn"]
    officer = world.users["officer_cn"]
    fresh = Report.objects.select_related("unit", "allocated_officer").get(pk=report.pk)
    with CaptureQueriesContext(connection) as before:
        case_header(officer, fresh, f"/reports/{report.pk}")
    assert len(before.captured_queries) <= HEADER_QUERIES
    officer.refresh_from_db()
    for n, role in enumerate(("victim", "suspect", "suspect", "witness")):
        person = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": "P", "surname": f"S{n}"})
        )
        case_actions.add_party(
            officer, report.pk, AddParty.from_dict({"person_id": person.pk, "role": role})
        )
    fresh = Report.objects.select_related("unit", "allocated_officer").get(pk=report.pk)
    with CaptureQueriesContext(connection) as after:
        case_header(officer, fresh, f"/reports/{report.pk}")
    assert len(after.captured_queries) == len(before.captured_queries)
