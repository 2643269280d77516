"""The report page under load: matches scored once per link run, queries flat in suspects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foursight.audit.models import AuditEntry
from foursight.cases import actions as case_actions
from foursight.core.linkage import MentionIndex
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import AddParty
from foursight.offenders import actions
from foursight.people import actions as people_actions
from tests.offenders.conftest import PRICE, Linked

#: Queries for an officer's report page with a link run, whatever the number of suspects:
#: session, user, unit; report and its audit entry (the page's only one); people, offences,
#: victims, occasions, outcome; each panel's own (evidence, risk, matches, orders, and the
#: victim's link, diary, uploads and online report from intake, the exhibits linked to the
#: report's occasions (2), the case file's status (1), the suspects and their steps for
#: the path panel (2)); and the case header's 8 (tests/cases/test_case_header.py).
REPORT_PAGE_QUERIES = 44


@pytest.fixture
def scored(linked: Linked, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every record the match index scores, in order (the real index still scores them)."""
    actions.link_run(None)
    calls: list[dict[str, Any]] = []
    original: Callable[..., Any] = MentionIndex.match

    def match(self: MentionIndex, mention: dict[str, Any], **kwargs: Any) -> Any:
        calls.append(dict(mention))
        return original(self, mention, **kwargs)

    monkeypatch.setattr(MentionIndex, "match", match)
    return calls


def _queries(linked: Linked, report_id: int) -> int:
    client = linked.world.page("officer_cn")
    client.get(f"/reports/{report_id}")  # the first view scores; the count is for the next
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/reports/{report_id}")
    assert page.status_code == 200 and b"Possible matches on other reports" in page.content
    return len(queries.captured_queries)


def test_a_report_page_viewed_again_is_not_scored_again(
    linked: Linked, scored: list[dict[str, Any]]
) -> None:
    report = linked.add_report("new", "CN-CAMDEN", "Dan", "Price", PRICE)
    officer, supervisor = linked.world.page("officer_cn"), linked.world.page("supervisor_cn")
    first = officer.get(f"/reports/{report.pk}").content
    assert len(scored) == 1 and scored[0]["surname"] == "Price"
    again = supervisor.get(f"/reports/{report.pk}").content
    assert len(scored) == 1
    assert linked.reports["price1"].reference.encode() in first
    assert linked.reports["price1"].reference.encode() in again
    actions.link_run(None)  # a newer run replaces the index: scored afresh against it
    officer.get(f"/reports/{report.pk}")
    assert len(scored) == 2


def test_report_page_queries_do_not_grow_with_suspects(
    linked: Linked, scored: list[dict[str, Any]]
) -> None:
    report = linked.reports["price1"]
    assert _queries(linked, report.pk) == REPORT_PAGE_QUERIES
    officer = linked.world.users["officer_cn"]
    for first, surname in (("Lee", "Marsh"), ("Ann", "Stokes"), ("Raj", "Patel")):
        person = people_actions.create_person(
            officer,
            CreatePerson.from_dict(
                {"first_names": first, "surname": surname, "date_of_birth": "1980-01-02"}
            ),
        )
        case_actions.add_party(
            officer,
            report.pk,
            AddParty.from_dict({"person_id": person.pk, "role": "suspect"}),
            justification="",
        )
    assert _queries(linked, report.pk) == REPORT_PAGE_QUERIES


def test_one_report_page_view_is_one_audit_entry(
    linked: Linked, scored: list[dict[str, Any]]
) -> None:
    """The offender panel uses the report the page opened: no second gatekeeper, no second entry."""
    report = linked.reports["price1"]
    client = linked.world.page("officer_cn")
    client.get(f"/reports/{report.pk}")
    before = AuditEntry.objects.order_by("-seq").first()
    assert before is not None
    page = client.get(f"/reports/{report.pk}")
    assert page.status_code == 200 and b"Possible matches on other reports" in page.content
    added = list(AuditEntry.objects.filter(seq__gt=before.seq))
    assert [(e.action, e.object_type, e.object_id) for e in added] == [
        ("viewed", "report", str(report.pk))
    ]
