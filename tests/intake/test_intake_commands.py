"""The rules for what the public sends, a grading and the victim's diary, as plain
functions: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from foursight.errors import InvalidInput
from foursight.intake.commands import (
    AcceptDiaryEntry,
    AddDiaryEntry,
    GradeInformation,
    QueryDiaryEntry,
    SubmitInformation,
    SubmitOnlineReport,
    check_diary_entry,
    check_grading,
)

REPORT = {
    "what_happened": "  He waits outside my flat every night. ",
    "postcode": "N7 8AA",
    "reporter": {"name": "Jo Bloggs", "phone": "07700 900982"},
    "suspect": {"name": "Dan", "relationship": "ex_partner"},
}


def test_an_online_report_is_trimmed_and_keeps_only_what_was_given() -> None:
    command = SubmitOnlineReport.from_dict(REPORT)
    assert command.what_happened == "He waits outside my flat every night."
    assert command.reporter == {"name": "Jo Bloggs", "phone": "07700 900982"}
    assert command.suspect == {"name": "Dan", "relationship": "ex_partner"}
    assert SubmitOnlineReport.from_dict({**REPORT, "suspect": None}).suspect == {}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"website": "spam.example"}, "website", "leave this field empty"),
        ({"what_happened": " "}, "what_happened", "tell us what has been happening"),
        ({"reporter": None}, "reporter", "tell us your name and how to contact you"),
        ({"reporter": {"name": "Jo"}}, "reporter.phone", "give a phone number or an email"),
        ({"reporter": {"name": "Jo", "phone": "call me"}}, "reporter.phone", "like 07700"),
        ({"reporter": {"name": "Jo", "email": "jo@"}}, "reporter.email", "an email address"),
        ({"suspect": {"relationship": "boss"}}, "suspect.relationship", "expected one of"),
        ({"suspect": "Dan"}, "suspect", "expected the person's details"),
    ],
)
def test_each_report_rule_names_its_field(
    change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as exc:
        SubmitOnlineReport.from_dict({**REPORT, **change})
    assert exc.value.field == field


def test_information_needs_what_is_known_and_nothing_about_the_giver() -> None:
    command = SubmitInformation.from_dict(
        {"about": {"name": " Dan Price "}, "what": "He follows her.", "where": "Holloway Rd"}
    )
    assert (command.about_name, command.what, command.where) == (
        "Dan Price",
        "He follows her.",
        "Holloway Rd",
    )
    with pytest.raises(InvalidInput, match="what: tell us what you know"):
        SubmitInformation.from_dict({"what": ""})
    with pytest.raises(InvalidInput, match="about: expected the person's name"):
        SubmitInformation.from_dict({"what": "x", "about": "Dan"})
    with pytest.raises(InvalidInput, match="website: leave this field empty"):
        SubmitInformation.from_dict({"what": "x", "website": "y"})


def test_a_grading_is_3x5x2_and_conditions_go_with_handling_c() -> None:
    graded = check_grading(GradeInformation("2", "c", "p", " Seen nearby. ", "ignored"))
    assert (graded.assessment, graded.handling, graded.sanitised) == ("C", "P", "Seen nearby.")
    assert graded.handling_conditions == ""
    kept = check_grading(GradeInformation("1", "A", "C", "x", " Police only "))
    assert kept.handling_conditions == "Police only"
    for command, field in (
        (GradeInformation("4", "A", "P", "x"), "source_evaluation"),
        (GradeInformation("1", "F", "P", "x"), "assessment"),
        (GradeInformation("1", "A", "X", "x"), "handling"),
        (GradeInformation("1", "A", "C", "x"), "handling_conditions"),
        (GradeInformation("1", "A", "P", " "), "sanitised"),
    ):
        with pytest.raises(InvalidInput) as exc:
            check_grading(command)
        assert exc.value.field == field
    with pytest.raises(InvalidInput, match="source_evaluation: choose 1, 2 or 3"):
        GradeInformation.from_dict({"assessment": "A", "handling": "P", "sanitised": "x"})


NOW = datetime(2026, 3, 12, 9, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def test_a_diary_entry_reads_the_time_given_as_text_and_trims_its_words() -> None:
    command = AddDiaryEntry.from_dict(
        {"occurred_at": "2026-03-11T19:30:00+00:00", "what_happened": " At my door. "}
    )
    checked = check_diary_entry(command, now=NOW, zone=LONDON)
    assert checked == AddDiaryEntry(datetime(2026, 3, 11, 19, 30, tzinfo=UTC), "At my door.")


def test_a_diary_time_without_a_zone_is_read_in_the_services_zone() -> None:
    summer = AddDiaryEntry(datetime(2025, 7, 1, 20, 0), "He rang")
    checked = check_diary_entry(summer, now=NOW, zone=LONDON)
    assert checked.occurred_at.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"occurred_at": "last Tuesday", "what_happened": "x"}, "occurred_at: enter the date"),
        ({"what_happened": "x"}, "occurred_at: enter the date"),
        ({"occurred_at": NOW, "what_happened": 5}, "what_happened: expected text"),
        ({"occurred_at": NOW, "place": "x" * 201}, "place: keep this under 200"),
    ],
)
def test_a_diary_entry_that_cannot_be_read_names_its_field(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        AddDiaryEntry.from_dict(data)


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (AddDiaryEntry(NOW + timedelta(minutes=6), "x"), "occurred_at"),
        (AddDiaryEntry(NOW, "  "), "what_happened"),
    ],
)
def test_each_diary_rule_names_its_field(command: AddDiaryEntry, field: str) -> None:
    assert check_diary_entry(AddDiaryEntry(NOW + timedelta(minutes=4), "x"), now=NOW, zone=LONDON)
    with pytest.raises(InvalidInput) as caught:
        check_diary_entry(command, now=NOW, zone=LONDON)
    assert caught.value.field == field


def test_an_officers_review_of_an_entry_reads_the_form() -> None:
    accept = AcceptDiaryEntry.from_dict({"behaviours": ["watching"], "note": " Seen. "})
    assert accept == AcceptDiaryEntry(("watching",), "Seen.")
    with pytest.raises(InvalidInput, match="note: write the question for the victim"):
        QueryDiaryEntry.from_dict({"note": "  "})
