"""The rules for what the public sends and for a grading, as plain functions: no database."""

from __future__ import annotations

import pytest

from foursight.errors import InvalidInput
from foursight.intake.commands import (
    GradeInformation,
    SubmitInformation,
    SubmitOnlineReport,
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
