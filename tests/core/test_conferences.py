"""The rules a case conference and a plan action meet, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from foursight.core.conferences import Attendee, RecordConference, check_conference
from foursight.core.plans import (
    AddPlanAction,
    UpdatePlanAction,
    check_plan_action,
    plan_action_changes,
)
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


def test_a_plan_action_names_a_known_agency_what_and_who() -> None:
    action = AddPlanAction(
        agency="police", description=" Serve the SPO ", owner=" DS Grey ", due_on=TODAY
    )
    cleaned = check_plan_action(action, agencies=AGENCIES)
    assert (cleaned.description, cleaned.owner) == ("Serve the SPO", "DS Grey")
    for change, field in (({"agency": "church"}, "agency"), ({"owner": " "}, "owner")):
        with pytest.raises(InvalidInput) as caught:
            check_plan_action(replace(action, **change), agencies=AGENCIES)  # type: ignore[arg-type]
        assert caught.value.field == field


def test_a_plan_action_update_names_what_changes() -> None:
    statuses = ("open", "done", "cancelled")
    changes = plan_action_changes(UpdatePlanAction(owner=" PC Khan "), statuses=statuses)
    assert changes == {"owner": "PC Khan"}
    for command, field in (
        (UpdatePlanAction(status="finished"), "status"),
        (UpdatePlanAction(owner=" "), "owner"),
        (UpdatePlanAction(), "status"),
    ):
        with pytest.raises(InvalidInput) as caught:
            plan_action_changes(command, statuses=statuses)
        assert caught.value.field == field
