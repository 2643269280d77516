"""The report pages' forms behave: a refusal comes back on the same page, explained in plain
words beside the field, with what was typed kept; a change done says so in a banner."""

from __future__ import annotations

from foursight.cases.models import Occasion, Party
from foursight.people.models import Person
from tests.conftest import World
from tests.forms_support import banner as _banner
from tests.forms_support import refused as _refused

SUMMARY = b"There is a problem"


def test_add_a_person_with_a_date_typed_the_uk_way(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    posted = {
        "role": "suspect",
        "first_names": "Lee",
        "surname": "Marsh",
        "date_of_birth": "04/03/1991",
        "phone": "",
        "relationship": "colleague",
    }
    response = client.post(f"/reports/{report.pk}/parties", posted)
    _banner(client, response, "Lee Marsh added as a suspect")
    person = Party.objects.filter(report=report, person__surname="Marsh").get().person
    assert (person.birth_year, person.birth_month, person.birth_day) == (1991, 3, 4)


def test_add_a_person_refused_keeps_what_was_typed(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    before = Person.objects.count()
    posted = {
        "role": "suspect",
        "first_names": "Lee",
        "surname": "Marsh",
        "date_of_birth": "31/02/1991",
    }
    body = _refused(
        client.post(f"/reports/{report.pk}/parties", posted),
        "Date of birth must be a real date: February 1991 has 28 days",
        'value="31/02/1991"',
        'value="Marsh"',
        'href="#party-date_of_birth"',
        "govuk-input--error",
    )
    assert "date_of_birth:" not in body and "ValueError" not in body
    assert Person.objects.count() == before


def test_add_a_person_with_a_bad_phone_number_names_the_field(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    posted = {"role": "witness", "surname": "Marsh", "phone": "not a number"}
    body = _refused(
        client.post(f"/reports/{report.pk}/parties", posted), "Phone number", 'value="not a number"'
    )
    assert "identifiers[0]" not in body


def test_a_person_needs_a_name(world: World) -> None:
    report = world.reports["cn"]
    _refused(
        world.page("officer_cn").post(f"/reports/{report.pk}/parties", {"role": "victim"}),
        "Enter a first name or a surname",
    )


def test_add_an_occasion_in_uk_local_time(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    posted = {
        "started_on": "6/7/2026",
        "started_time": "20:05",
        "behaviours": ["loitering"],
        "source": "victim_statement",
    }
    response = client.post(f"/reports/{report.pk}/occasions", posted)
    _banner(client, response, "Occasion on 6 Jul 2026, 20:05 BST added")
    stored = Occasion.objects.filter(report=report).order_by("-id").first()
    assert stored is not None and stored.started_at.isoformat() == "2026-07-06T19:05:00+00:00"


def test_add_an_occasion_refused_keeps_what_was_typed(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    before = Occasion.objects.count()
    posted = {
        "started_on": "29/3/2026",
        "started_time": "01:30",
        "behaviours": ["loitering"],
        "location": "Outside work",
        "source": "victim_statement",
    }
    _refused(
        client.post(f"/reports/{report.pk}/occasions", posted),
        "did not happen in the UK: the clocks went forward",
        'value="Outside work"',
        'value="01:30"',
        'value="loitering" checked',
    )
    ends_first = {**posted, "started_time": "22:15", "ended_time": "20:00"}
    _refused(
        client.post(f"/reports/{report.pk}/occasions", ends_first),
        "Date it ended: the occasion ends before it starts",
    )
    assert Occasion.objects.count() == before


def test_record_the_outcome_with_dates_typed_the_uk_way(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    refused = {"code": "1", "first_hearing": "1/5/2026", "trial_date": "31/04/2026"}
    _refused(
        client.post(f"/reports/{report.pk}/outcome", refused),
        "Date of the trial must be a real date: April 2026 has 30 days",
        'value="1/5/2026"',
    )
    done = client.post(
        f"/reports/{report.pk}/outcome", {"code": "16", "withdrawal_reason": "fear_of_reprisal"}
    )
    _banner(client, done, "Outcome saved")


def test_new_report_refused_then_created(world: World) -> None:
    client = world.page("officer_cn")
    body = _refused(
        client.post(
            "/reports/new", {"unit": "CN-ISLINGTON", "channel": "online", "summary": "Seen twice"}
        ),
        "Offences is required",
        "Seen twice",
    )
    assert 'href="#report-offences"' in body
    done = client.post(
        "/reports/new", {"unit": "CN-ISLINGTON", "channel": "online", "offences": ["8Q"]}
    )
    _banner(client, done, "created")


def test_allocation_and_flags_say_they_are_done(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    _banner(
        client, client.post(f"/reports/{report.pk}/flags", {"domestic_abuse": "on"}), "flags saved"
    )
    _refused(
        client.post(f"/reports/{report.pk}/allocation", {"allocated_officer": "nobody_here"}),
        'value="nobody_here"',
        'href="#a-officer"',
    )
    done = client.post(f"/reports/{report.pk}/allocation", {"allocated_officer": ""})
    _banner(client, done, "Report no longer allocated")
