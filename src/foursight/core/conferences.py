"""STAC case conferences: the command and the rules it must meet.

:class:`RecordConference` is built once by the API (from its schema) and the conference
form, and handed to ``foursight.risk.plan_actions.record_conference``. The rules need no
database: a conference is held today or earlier, names at least one attendee, each with
a name and one of the agencies the service knows, and records its decisions.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from foursight.errors import InvalidInput


@dataclass(frozen=True)
class Attendee:
    name: str
    agency: str


@dataclass(frozen=True)
class RecordConference:
    held_on: date
    attendees: tuple[Attendee, ...]
    decisions: str


def check_conference(
    command: RecordConference, *, today: date, agencies: Collection[str]
) -> RecordConference:
    """The command with its text trimmed, or ``InvalidInput`` naming the first bad field."""
    if command.held_on > today:
        raise InvalidInput("held_on: the conference date is in the future", field="held_on")
    if not command.attendees:
        raise InvalidInput("attendees: name at least one attendee", field="attendees")
    attendees = []
    for index, item in enumerate(command.attendees):
        where = f"attendees[{index}]"
        if not item.name.strip():
            raise InvalidInput(f"{where}.name: required", field=f"{where}.name")
        if item.agency not in agencies:
            raise InvalidInput(
                f"{where}.agency: expected one of {', '.join(agencies)}", field=f"{where}.agency"
            )
        attendees.append(Attendee(item.name.strip(), item.agency))
    decisions = command.decisions.strip()
    if not decisions:
        raise InvalidInput("decisions: required", field="decisions")
    return replace(command, attendees=tuple(attendees), decisions=decisions)
