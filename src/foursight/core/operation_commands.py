"""Operations: the commands to open one, add a target and record a charge, and their rules.

:class:`CreateOperation`, :class:`AddTarget` and :class:`AddCharge` are built once by the
API (from its schema), the operation pages, the demo and the command line (``from_dict``
where they hold a mapping) and handed to ``foursight.operations.actions``, which looks up
the units, users, persons and the target. The rules need no database, so they are tested
as plain functions:

* an operation has a name (at most 120 characters) and an objective, starts and ends on a
  date (``YYYY-MM-DD``), does not end before it starts, and names at least one unit;
* a target is a person named by number;
* a charge follows the arrest: it is dated on or after the arrest and not in the future,
  and names known offence codes (each once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from foursight.core import reference
from foursight.errors import InvalidInput


def text_field(
    data: Mapping[str, Any], field: str, *, required: bool = True, limit: int = 0
) -> str:
    """``data[field]`` trimmed; an error naming the field when required and empty, or long."""
    value = str(data.get(field) or "").strip()
    if required and not value:
        raise InvalidInput(f"{field}: required", field=field)
    if limit and len(value) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters", field=field)
    return value


def date_field(data: Mapping[str, Any], field: str, *, required: bool = True) -> date | None:
    """A date from a ``date``, a ``datetime`` (its day) or ``YYYY-MM-DD`` text."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise InvalidInput(f"{field}: required (YYYY-MM-DD)", field=field)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{field}: not a date (YYYY-MM-DD)", field=field) from exc


def offence_codes(data: Mapping[str, Any], field: str) -> list[str]:
    """Known offence codes, each once, in the order given; at least one."""
    codes = data.get(field) or []
    if not isinstance(codes, list | tuple) or not codes:
        raise InvalidInput(f"{field}: give at least one offence code", field=field)
    allowed = reference.code_names(reference.offences())
    for index, code in enumerate(codes):
        if code not in allowed:
            raise InvalidInput(f"{field}[{index}]: unknown offence code {code!r}", field=field)
    return list(dict.fromkeys(str(c) for c in codes))


def _required_date(data: Mapping[str, Any], field: str) -> date:
    value = date_field(data, field)
    assert value is not None  # required: date_field raised otherwise
    return value


@dataclass(frozen=True)
class CreateOperation:
    name: str
    objective: str
    starts_on: date
    ends_on: date
    units: tuple[str, ...]
    lead: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CreateOperation:
        units = data.get("units")
        command = cls(
            name=text_field(data, "name", limit=120),
            objective=text_field(data, "objective"),
            starts_on=_required_date(data, "starts_on"),
            ends_on=_required_date(data, "ends_on"),
            units=tuple(units) if isinstance(units, list | tuple) else (),
            lead=data.get("lead") or None,
        )
        return check_operation(command)


def check_operation(command: CreateOperation) -> CreateOperation:
    """The command with its text trimmed, or the first rule broken."""
    values = {"name": command.name, "objective": command.objective}
    name = text_field(values, "name", limit=120)
    objective = text_field(values, "objective")
    if command.ends_on < command.starts_on:
        raise InvalidInput("ends_on: before starts_on", field="ends_on")
    if not command.units:
        raise InvalidInput("units: give at least one BCU or borough code", field="units")
    return CreateOperation(
        name, objective, command.starts_on, command.ends_on, command.units, command.lead
    )


@dataclass(frozen=True)
class AddTarget:
    person_id: int
    assigned_to: str | None = None
    source: str = "named"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AddTarget:
        try:
            person_id = int(data.get("person_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise InvalidInput("person_id: required, a number", field="person_id") from exc
        return cls(
            person_id=person_id,
            assigned_to=data.get("assigned_to") or None,
            source=str(data.get("source") or "named"),
        )


@dataclass(frozen=True)
class AddCharge:
    charged_on: date
    offences: tuple[str, ...]
    authorised_by: str = "police"
    notes: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AddCharge:
        return cls(
            charged_on=_required_date(data, "charged_on"),
            offences=tuple(offence_codes(data, "offences")),
            authorised_by=str(data.get("authorised_by") or "police"),
            notes=text_field(data, "notes", required=False),
        )


def check_charge(command: AddCharge, *, today: date, arrested_on: date | None) -> AddCharge:
    """The charge with its offences checked, or the first rule broken."""
    if command.charged_on > today:
        raise InvalidInput("charged_on: in the future", field="charged_on")
    if arrested_on is not None and command.charged_on < arrested_on:
        raise InvalidInput("charged_on: before the arrest", field="charged_on")
    offences = tuple(offence_codes({"offences": list(command.offences)}, "offences"))
    return AddCharge(command.charged_on, offences, command.authorised_by, command.notes.strip())
