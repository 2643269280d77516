"""Operations: the commands to open one, add and update a target, record a charge or a
compliance check, and their rules.

:class:`CreateOperation`, :class:`AddTarget`, :class:`BuildTargets`, :class:`UpdateTarget`,
:class:`AddCharge` and :class:`RecordCheck` are built once by the
API (from its schema), the operation pages, the demo and the command line (``from_dict``
where they hold a mapping) and handed to ``foursight.operations.actions``, which looks up
the units, users, persons and the target. The rules need no database, so they are tested
as plain functions:

* an operation has a name (at most 120 characters) and an objective, starts and ends on a
  date (``YYYY-MM-DD``), does not end before it starts, and names at least one unit;
* a target is a person named by number; its outcome is final (arrested, circulated as
  wanted or eliminated), at a zoned time not in the future, with the offence codes of the
  arrest, the circulation reference, or the reason for the elimination; an update changes
  only the fields it was sent (:attr:`UpdateTarget.sent`);
* targets taken from a list (:class:`BuildTargets`) name a known list (outstanding
  suspects or highest harm) and take its first 1 to 1000 (50 when not given), optionally
  within one BCU;
* a charge follows the arrest: it is dated on or after the arrest and not in the future,
  and names known offence codes (each once);
* a compliance check (:class:`RecordCheck`) names the suspect, a known kind and result, a
  time with its zone and not in the future (now when not given), a next due date not
  before it, and at most one condition, an order's or a bail's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
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


TARGET_LISTS = ("outstanding_suspects", "highest_harm")


@dataclass(frozen=True)
class BuildTargets:
    """Targets from a list: ``source`` (one of :data:`TARGET_LISTS`), its first ``limit``,
    within the BCU ``bcu`` when given."""

    source: str
    limit: int = 50
    bcu: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BuildTargets:
        """The command from a body or a form (whose limit is text)."""
        limit: Any = data.get("limit")
        if limit is None:
            limit = 50
        elif isinstance(limit, str):
            try:
                limit = int(limit)
            except ValueError as exc:
                raise InvalidInput("limit: a number from 1 to 1000", field="limit") from exc
        return cls(source=str(data.get("source") or ""), limit=limit, bcu=data.get("bcu") or None)


def check_target_list(command: BuildTargets) -> BuildTargets:
    """The command, or the first rule broken: a number from 1 to 1000, a known list."""
    limit = command.limit
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 1000:
        raise InvalidInput("limit: a number from 1 to 1000", field="limit")
    if command.source not in TARGET_LISTS:
        raise InvalidInput(f"source: one of {', '.join(TARGET_LISTS)}", field="source")
    return command


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


def parse_when(value: Any, field: str) -> datetime | None:
    """A date and time with its zone, from a ``datetime`` or ISO text; ``None`` for none."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise InvalidInput(f"{field}: not a date and time", field=field) from exc
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidInput(f"{field}: give a time zone (for example +00:00)", field=field)
    return when


def check_when(value: Any, field: str, *, now: datetime) -> datetime:
    """``value`` (``now`` when not given), which has its zone and is not in the future."""
    when = parse_when(value, field)
    if when is None:
        return now
    if when > now:
        raise InvalidInput(f"{field}: in the future", field=field)
    return when


def _optional_id(data: Mapping[str, Any], field: str) -> int | None:
    value: Any = data.get(field)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{field}: a number", field=field) from exc


@dataclass(frozen=True)
class RecordCheck:
    """A compliance check or visit of a suspect, of one named condition or none.

    ``checked_at`` ``None`` is now; ``next_due`` ``None`` follows from the conditions.
    """

    person_id: int
    kind: str
    result: str
    checked_at: datetime | None = None
    next_due: date | None = None
    notes: str = ""
    operation_id: int | None = None
    order_condition_id: int | None = None
    bail_condition_id: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecordCheck:
        person_id = _optional_id(data, "person_id")
        if person_id is None:
            raise InvalidInput("person_id: required, a number", field="person_id")
        return cls(
            person_id=person_id,
            kind=text_field(data, "kind"),
            result=text_field(data, "result"),
            checked_at=parse_when(data.get("checked_at"), "checked_at"),
            next_due=date_field(data, "next_due", required=False),
            notes=text_field(data, "notes", required=False),
            operation_id=_optional_id(data, "operation_id"),
            order_condition_id=_optional_id(data, "order_condition_id"),
            bail_condition_id=_optional_id(data, "bail_condition_id"),
        )


def check_compliance_check(
    command: RecordCheck, *, now: datetime, kinds: Collection[str], results: Collection[str]
) -> RecordCheck:
    """The check with its time filled in, or the first rule broken: a known kind and
    result, a time with its zone and not in the future, a next due date not before the
    check, and at most one condition named."""
    if command.kind not in kinds:
        raise InvalidInput(f"kind: one of {', '.join(kinds)}", field="kind")
    if command.result not in results:
        raise InvalidInput(f"result: one of {', '.join(results)}", field="result")
    checked_at = check_when(command.checked_at, "checked_at", now=now)
    if command.next_due and command.next_due < checked_at.date():
        raise InvalidInput("next_due: before the check", field="next_due")
    if command.order_condition_id is not None and command.bail_condition_id is not None:
        raise InvalidInput(
            "bail_condition_id: a check names one condition, an order's or a bail's",
            field="bail_condition_id",
        )
    return replace(command, checked_at=checked_at, notes=command.notes.strip())


TARGET_FIELDS = (
    "assigned_to",
    "status",
    "at",
    "offences",
    "circulation_reference",
    "reason",
    "notes",
)


@dataclass(frozen=True)
class UpdateTarget:
    """Assign a target or record its outcome; only the fields named in ``sent`` count.

    ``assigned_to`` sent as ``None`` takes the target off its officer.
    """

    sent: frozenset[str]
    assigned_to: str | None = None
    status: str | None = None
    at: datetime | None = None
    offences: tuple[str, ...] = ()
    circulation_reference: str = ""
    reason: str = ""
    notes: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdateTarget:
        values: dict[str, Any] = {k: data[k] for k in TARGET_FIELDS if k in data}
        if "offences" in values:
            offences = values["offences"]
            values["offences"] = tuple(offences) if isinstance(offences, list | tuple) else ()
        for key in ("circulation_reference", "reason", "notes"):
            if key in values:
                values[key] = str(values[key] or "")
        if "at" in values:
            values["at"] = parse_when(values["at"], "at")
        if "assigned_to" in values:
            values["assigned_to"] = values["assigned_to"] or None
        return cls(sent=frozenset(values), **values)


@dataclass(frozen=True)
class Outcome:
    """A target's checked outcome: what the action stores."""

    status: str
    at: datetime
    offences: tuple[str, ...] = ()
    circulation_reference: str = ""
    elimination_reason: str = ""
    notes: str = ""


def check_outcome(command: UpdateTarget, *, finals: Collection[str], now: datetime) -> Outcome:
    """The outcome ``command`` records, or the first rule broken: a final status, a zoned
    time not in the future (now when not given), the offence codes of an arrest, the
    circulation reference of a target circulated as wanted, the reason for an elimination.
    """
    status = command.status
    if status is None or status not in finals:
        raise InvalidInput(f"status: one of {', '.join(finals)}", field="status")
    at = check_when(command.at, "at", now=now)
    values = {
        "offences": list(command.offences),
        "circulation_reference": command.circulation_reference,
        "reason": command.reason,
        "notes": command.notes,
    }
    notes = text_field(values, "notes", required=False)
    if status == "arrested":
        return Outcome(status, at, tuple(offence_codes(values, "offences")), notes=notes)
    if status == "circulated_as_wanted":
        reference = text_field(values, "circulation_reference", limit=60)
        return Outcome(status, at, circulation_reference=reference, notes=notes)
    return Outcome(status, at, elimination_reason=text_field(values, "reason"), notes=notes)
