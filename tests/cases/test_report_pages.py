"""The report pages: create, add a person, add an occasion, record the outcome."""

from __future__ import annotations

from foursight.cases.models import Occasion, Report
from tests.conftest import World


def test_new_report_page(world: World) -> None:
    client = world.page("officer_cn")
    form = client.get("/reports/new")
    assert form.status_code == 200 and b"Camden" in form.content and b"Newham" not in form.content
    response = client.post(
        "/reports/new",
        {"unit": "CN-ISLINGTON", "channel": "phone_101", "offences": ["8Q", "8R"], "summary": "x"},
    )
    assert response.status_code == 302
    report = Report.objects.get(pk=int(response["Location"].rsplit("/", 1)[1]))
    assert sorted(report.offences.values_list("code", flat=True)) == ["8Q", "8R"]
    refused = client.post(
        "/reports/new", {"unit": "NE-NEWHAM", "channel": "online", "offences": ["8Q"]}
    )
    assert refused.status_code == 400 and b"Choose borough from the list" in refused.content


def test_add_person_occasion_and_outcome(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    added = client.post(
        f"/reports/{report.pk}/parties",
        {
            "role": "suspect",
            "first_names": "Lee",
            "surname": "Marsh",
            "date_of_birth": "1990-02",
            "phone": "07700900999",
            "relationship": "colleague",
        },
    )
    assert added.status_code == 302
    occasion = client.post(
        f"/reports/{report.pk}/occasions",
        {
            "started_on": "25/02/2026",
            "started_time": "22:15",
            "behaviours": ["loitering", "watching"],
            "source": "victim_statement",
            "location": "Outside work",
        },
    )
    assert occasion.status_code == 302
    outcome = client.post(
        f"/reports/{report.pk}/outcome", {"code": "16", "withdrawal_reason": "fear_of_reprisal"}
    )
    assert outcome.status_code == 302
    page = client.get(f"/reports/{report.pk}")
    for text in (
        b"Lee MARSH",
        b"Colleague",
        b"Outside work",
        b"Loitering",
        b"16: Evidential difficulties",
    ):
        assert text in page.content


def test_bad_page_input_changes_nothing(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    before = Occasion.objects.count()
    response = client.post(
        f"/reports/{report.pk}/occasions",
        {
            "started_on": "25/2/2026",
            "started_time": "22:15",
            "ended_time": "20:00",
            "behaviours": ["loitering"],
            "source": "officer",
        },
    )
    assert response.status_code == 400 and b"ends before it starts" in response.content
    missing = client.post(f"/reports/{report.pk}/occasions", {"source": "officer"})
    assert missing.status_code == 400 and b"Date it happened is required" in missing.content
    assert Occasion.objects.count() == before
    outcome = client.post(f"/reports/{report.pk}/outcome", {"code": "14"})
    assert outcome.status_code == 400 and b"Withdrawal reason" in outcome.content
    report.outcome.refresh_from_db()
    assert report.outcome.code == "15"


def test_report_search_page_filters(world: World) -> None:
    client = world.page("officer_cn")
    hit = client.get("/reports", {"q": "walker"})
    assert world.reports["cn"].reference.encode() in hit.content
    partial = client.get("/reports", {"offence": "8L"}, headers={"HX-Request": "true"})
    assert (
        partial.status_code == 200
        and b"0 reports." in partial.content
        and b"<html" not in partial.content
    )
    bad = client.get("/reports", {"unit": "ATLANTIS"})
    assert b"unknown unit" in bad.content
