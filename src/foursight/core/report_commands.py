"""Commands on a report's outcome and its victim's advocate, and the rules they must meet.

:class:`SetOutcome` and :class:`AssignAdvocate` are built once by the API (from its
schema), the pages (from the form) and callers holding a mapping (``from_dict``), and
handed to ``foursight.cases.outcome_actions.set_outcome`` and
``foursight.cases.actions.assign_advocate``, which check the rules here, then the report,
and store them. The rules need no database, so they are tested as plain functions:

* an outcome's code and any withdrawal reason come from the reference lists, and outcomes
  14 and 16 (the victim does not support action) need the reason;
* each outcome date is a date, and the trial is not before the first hearing;
* an advocate assignment records the victim's consent;
* a new report (:class:`CreateReport`) has a channel and status from the reference lists,
  a time with its zone (now, when not given), true-or-false flags and known offence codes,
  each once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from foursight.core import reference
from foursight.errors import InvalidInput

REPORT_FLAGS = ("domestic_abuse", "cyber_element")
OUTCOME_DATES = ("outcome_date", "charged_on", "first_hearing", "trial_date")


def check_choice(value: Any, allowed: Mapping[str, str], field: str) -> str:
    """``value`` if it is one of ``allowed``'s codes, else ``InvalidInput`` naming the field."""
    if value not in allowed:
        raise InvalidInput(
            f"{field}: unknown code {value!r}; expected one of {', '.join(allowed)}", field=field
        )
    return str(value)


@dataclass(frozen=True)
class SetOutcome:
    code: str
    outcome_date: date | None = None
    charge: str = ""
    charged_on: date | None = None
    first_hearing: date | None = None
    trial_date: date | None = None
    withdrawal_reason: str = ""
    notes: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SetOutcome:
        """The command from a mapping (a form's cleaned data, a test's or the demo's dict)."""
        return cls(
            code=data.get("code"),  # type: ignore[arg-type]  # checked by check_outcome
            outcome_date=data.get("outcome_date"),
            charge=data.get("charge") or "",
            charged_on=data.get("charged_on"),
            first_hearing=data.get("first_hearing"),
            trial_date=data.get("trial_date"),
            withdrawal_reason=data.get("withdrawal_reason") or "",
            notes=data.get("notes") or "",
        )


def check_outcome(command: SetOutcome) -> SetOutcome:
    """The command, or ``InvalidInput`` naming the field of the first rule it breaks."""
    check_choice(command.code, reference.code_names(reference.outcomes()), "code")
    reason = command.withdrawal_reason
    if reason:
        check_choice(
            reason, reference.code_names(reference.withdrawal_reasons()), "withdrawal_reason"
        )
    if command.code in ("14", "16") and not reason:
        raise InvalidInput(
            "withdrawal_reason: required with outcome 14 or 16", field="withdrawal_reason"
        )
    for key in OUTCOME_DATES:
        value = getattr(command, key)
        if value is not None and not isinstance(value, date):
            raise InvalidInput(f"{key}: expected a date (YYYY-MM-DD)", field=key)
    if command.first_hearing and command.trial_date and command.trial_date < command.first_hearing:
        raise InvalidInput("trial_date: the trial is before the first hearing", field="trial_date")
    return command


@dataclass(frozen=True)
class AssignAdvocate:
    party_id: int
    advocate: str
    consent_reference: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssignAdvocate:
        """The command from a mapping; a missing or non-numeric party is no party (0)."""
        try:
            party_id = int(data.get("party_id") or 0)
        except (TypeError, ValueError):
            party_id = 0
        return cls(
            party_id=party_id,
            advocate=str(data.get("advocate") or ""),
            consent_reference=str(data.get("consent_reference") or ""),
        )


def check_advocate(command: AssignAdvocate) -> AssignAdvocate:
    """The command with its consent trimmed, or ``InvalidInput`` if consent is missing."""
    consent = command.consent_reference.strip()
    if not consent:
        raise InvalidInput(
            "consent_reference: record the victim's consent to the referral",
            field="consent_reference",
        )
    return replace(command, consent_reference=consent)


def check_aware(value: datetime, field: str) -> datetime:
    """``value`` if it carries a time zone, else ``InvalidInput`` naming the field."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(
            f"{field}: give a time zone (for example 2025-03-01T21:00:00+00:00)", field=field
        )
    return value


def check_flag(value: Any, field: str) -> bool:
    """``value`` if it is true or false, else ``InvalidInput`` naming the field."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{field}: give true or false", field=field)
    return value


def check_offences(codes: Sequence[str]) -> tuple[str, ...]:
    """Known Home Office offence codes, each once, or ``InvalidInput`` naming the first wrong."""
    allowed = reference.code_names(reference.offences())
    for index, code in enumerate(codes):
        check_choice(code, allowed, f"offences[{index}]")
    if len(set(codes)) != len(codes):
        raise InvalidInput("offences: each offence code once", field="offences")
    return tuple(codes)


@dataclass(frozen=True)
class CreateReport:
    """A new report. Victims, suspects and occasions are the API's party and occasion bodies,
    checked one by one by the party and occasion rules as they are added."""

    unit: str
    channel: str
    offences: tuple[str, ...] = ()
    reported_at: datetime | None = None
    status: str = "open"
    summary: str = ""
    domestic_abuse: bool = False
    cyber_element: bool = False
    allocated_officer: str | None = None
    victims: tuple[Mapping[str, Any], ...] = ()
    suspects: tuple[Mapping[str, Any], ...] = ()
    occasions: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CreateReport:
        """The command from a mapping (the API body, the form's cleaned data, a test's dict)."""
        return cls(
            unit=data.get("unit") or "",
            channel=data.get("channel"),  # type: ignore[arg-type]  # checked by check_report
            offences=tuple(data.get("offences") or ()),
            reported_at=data.get("reported_at"),
            status=data.get("status") or "open",
            summary=data.get("summary") or "",
            domestic_abuse=data.get("domestic_abuse", False),
            cyber_element=data.get("cyber_element", False),
            allocated_officer=data.get("allocated_officer") or None,
            victims=tuple(data.get("victims") or ()),
            suspects=tuple(data.get("suspects") or ()),
            occasions=tuple(data.get("occasions") or ()),
        )


def check_report(command: CreateReport, *, now: datetime) -> CreateReport:
    """The command with its time filled in (``now`` when not given), or the first rule broken.

    Raises ``InvalidInput`` naming the field.
    """
    reported_at = check_aware(command.reported_at or now, "reported_at")
    check_choice(command.channel, reference.code_names(reference.vocabulary("channels")), "channel")
    check_choice(
        command.status, reference.code_names(reference.vocabulary("report_statuses")), "status"
    )
    for flag in REPORT_FLAGS:
        check_flag(getattr(command, flag), flag)
    return replace(
        command, reported_at=reported_at, offences=check_offences(list(command.offences))
    )
