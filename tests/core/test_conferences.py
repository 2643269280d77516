"""The rules a case conference meets, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from foursight.core.conferences import Attendee, RecordConference, check_conference
from foursight.errors import InvalidInput

TODAY = date(2026, 3, 12)
AGENCIES = ("police", "probation", "mental_health")
BASE = RecordConference(
    held_on=TODAY, attendees=(Attendee(" DS Grey ", "police"),), decisions=" Plan agreed "
)


def _field(command: RecordConference) -> str | None:
    with pytest.raises(InvalidInput) as caught:
        check_conference(command, today=TODAY, agencies=AGENCIES)
    return caught.value.field


def test_a_valid_conference_is_trimmed() -> None:
    cleaned = check_conference(BASE, today=TODAY, agencies=AGENCIES)
    assert cleaned.attendees == (Attendee("DS Grey", "police"),)
    assert cleaned.decisions == "Plan agreed"


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (replace(BASE, held_on=date(2026, 3, 13)), "held_on"),
        (replace(BASE, attendees=()), "attendees"),
        (replace(BASE, attendees=(Attendee(" ", "police"),)), "attendees[0].name"),
        (
            replace(BASE, attendees=(Attendee("A", "police"), Attendee("B", "church"))),
            "attendees[1].agency",
        ),
        (replace(BASE, decisions="  "), "decisions"),
    ],
)
def test_each_broken_rule_names_its_field(command: RecordConference, field: str) -> None:
    assert _field(command) == field
