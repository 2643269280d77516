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
  each once; a change to a report (:class:`UpdateReport`) meets the same rules for the
  fields it sends, and changes only those;
* a party (:class:`AddParty`) is a victim, suspect or witness; only a suspect has a
  relationship to the victim (``unknown`` when not given), from the reference list;
* an occasion (:class:`AddOccasion`) starts at a time with its zone, does not end before
  it starts, names at least one known behaviour and comes from a known source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from foursight.core import reference
from foursight.errors import InvalidInput

REPORT_FLAGS = ("domestic_abuse", "cyber_element")
PARTY_ROLES = ("victim", "suspect", "witness")
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


def _number(value: Any) -> int:
    """A record's number from a body or form; anything else is no record (0)."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True)
class AddParty:
    """A person added to a report as ``role`` (victim, suspect or witness)."""

    person_id: int
    role: str
    relationship: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, role: str | None = None) -> AddParty:
        """The command from a body or form; ``role`` when the list it came in names it."""
        return cls(
            person_id=_number(data.get("person_id")),
            role=role or data.get("role"),  # type: ignore[arg-type]  # checked by check_party
            relationship=str(data.get("relationship") or ""),
        )


def check_party(command: AddParty, field: str = "party") -> AddParty:
    """The party with a suspect's relationship filled in (``unknown``), or the rule broken."""
    role = check_choice(command.role, {r: r for r in PARTY_ROLES}, "role")
    relationship = command.relationship
    if role == "suspect":
        relationship = check_choice(
            relationship or "unknown",
            reference.code_names(reference.vocabulary("relationships")),
            f"{field}.relationship",
        )
    elif relationship:
        raise InvalidInput(
            f"{field}.relationship: only a suspect has a relationship to the victim", field=field
        )
    return replace(command, role=role, relationship=relationship)


@dataclass(frozen=True)
class AddOccasion:
    """One occasion of the conduct: when, what was done (behaviour codes), where, from whom."""

    started_at: datetime
    behaviours: tuple[str, ...]
    ended_at: datetime | None = None
    location: str = ""
    description: str = ""
    source: str = "victim_statement"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AddOccasion:
        """The command from a body, a form's cleaned data or a test's dict."""
        return cls(
            started_at=data.get("started_at"),  # type: ignore[arg-type]  # checked by check_occasion
            behaviours=tuple(data.get("behaviours") or ()),
            ended_at=data.get("ended_at"),
            location=str(data.get("location") or ""),
            description=str(data.get("description") or ""),
            source=str(data.get("source") or "victim_statement"),
        )


def check_occasion(command: AddOccasion, field: str = "occasion") -> AddOccasion:
    """The occasion, or ``InvalidInput`` naming the first field (``occasion.<name>``) wrong."""
    started, ended = command.started_at, command.ended_at
    if not isinstance(started, datetime):
        raise InvalidInput(f"{field}.started_at: required", field=f"{field}.started_at")
    check_aware(started, f"{field}.started_at")
    if ended is not None and not isinstance(ended, datetime):
        raise InvalidInput(f"{field}.ended_at: a date and time", field=f"{field}.ended_at")
    if ended is not None and check_aware(ended, f"{field}.ended_at") < started:
        raise InvalidInput(
            f"{field}.ended_at: the occasion ends before it starts", field=f"{field}.ended_at"
        )
    allowed = reference.code_names(reference.vocabulary("behaviours"))
    for index, code in enumerate(command.behaviours):
        check_choice(code, allowed, f"{field}.behaviours[{index}]")
    if not command.behaviours:
        raise InvalidInput(
            f"{field}.behaviours: name at least one behaviour", field=f"{field}.behaviours"
        )
    if len(command.location) > 200:
        raise InvalidInput(f"{field}.location: at most 200 characters", field=f"{field}.location")
    source = check_choice(
        command.source or "victim_statement",
        reference.code_names(reference.vocabulary("occasion_sources")),
        f"{field}.source",
    )
    return replace(command, behaviours=tuple(command.behaviours), source=source)


def _parties(items: Any, role: str) -> tuple[AddParty, ...]:
    return tuple(
        i if isinstance(i, AddParty) else AddParty.from_dict(i, role=role) for i in items or ()
    )


def _occasions(items: Any) -> tuple[AddOccasion, ...]:
    return tuple(i if isinstance(i, AddOccasion) else AddOccasion.from_dict(i) for i in items or ())


@dataclass(frozen=True)
class CreateReport:
    """A new report with its offences, victims, suspects and occasions."""

    unit: str
    channel: str
    offences: tuple[str, ...] = ()
    reported_at: datetime | None = None
    status: str = "open"
    summary: str = ""
    domestic_abuse: bool = False
    cyber_element: bool = False
    allocated_officer: str | None = None
    victims: tuple[AddParty, ...] = ()
    suspects: tuple[AddParty, ...] = ()
    occasions: tuple[AddOccasion, ...] = ()

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
            victims=_parties(data.get("victims"), "victim"),
            suspects=_parties(data.get("suspects"), "suspect"),
            occasions=_occasions(data.get("occasions")),
        )


def check_report(command: CreateReport, *, now: datetime) -> CreateReport:
    """The command with its time filled in (``now`` when not given), or the first rule broken.

    Raises ``InvalidInput`` naming the field (``victims[0].relationship`` for a party's).
    """
    reported_at = check_aware(command.reported_at or now, "reported_at")
    check_choice(command.channel, reference.code_names(reference.vocabulary("channels")), "channel")
    check_choice(
        command.status, reference.code_names(reference.vocabulary("report_statuses")), "status"
    )
    for flag in REPORT_FLAGS:
        check_flag(getattr(command, flag), flag)
    return replace(
        command,
        reported_at=reported_at,
        offences=check_offences(list(command.offences)),
        victims=tuple(
            check_party(replace(p, role="victim"), f"victims[{i}]")
            for i, p in enumerate(command.victims)
        ),
        suspects=tuple(
            check_party(replace(p, role="suspect"), f"suspects[{i}]")
            for i, p in enumerate(command.suspects)
        ),
        occasions=tuple(
            check_occasion(o, f"occasions[{i}]") for i, o in enumerate(command.occasions)
        ),
    )


REPORT_CHANGES = ("summary", "status", "channel", "allocated_officer", "review_due", "offences")


@dataclass(frozen=True)
class UpdateReport:
    """New values for a report: only the names in ``fields`` were sent and are changed.

    ``allocated_officer`` sent as ``None`` takes the report off its officer; ``offences``
    replaces the report's offence codes.
    """

    fields: frozenset[str] = frozenset()
    summary: str | None = None
    status: str | None = None
    channel: str | None = None
    allocated_officer: str | None = None
    review_due: date | None = None
    offences: tuple[str, ...] | None = None
    domestic_abuse: bool | None = None
    cyber_element: bool | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdateReport:
        """The command from the fields a body or a form sent; absent fields stay as held."""
        sent = {key: data[key] for key in (*REPORT_CHANGES, *REPORT_FLAGS) if key in data}
        if "offences" in sent:
            sent["offences"] = tuple(sent["offences"] or ())
        return cls(fields=frozenset(sent), **sent)


def check_report_update(command: UpdateReport) -> UpdateReport:
    """The change with its text and offences settled, or ``InvalidInput`` naming the field."""
    sent = command.fields
    if "status" in sent:
        statuses = reference.code_names(reference.vocabulary("report_statuses"))
        check_choice(command.status, statuses, "status")
    if "channel" in sent:
        check_choice(
            command.channel, reference.code_names(reference.vocabulary("channels")), "channel"
        )
    if "review_due" in sent and command.review_due is not None:
        if not isinstance(command.review_due, date):
            raise InvalidInput("review_due: expected a date (YYYY-MM-DD)", field="review_due")
    for flag in REPORT_FLAGS:
        if flag in sent:
            check_flag(getattr(command, flag), flag)
    offences = check_offences(list(command.offences or ())) if "offences" in sent else None
    summary = (command.summary or "") if "summary" in sent else None
    return replace(command, offences=offences, summary=summary)


def changed_fields(command: UpdateReport) -> list[str]:
    """The names the change sent, as its audit entry lists them (offences last)."""
    names = sorted(name for name in command.fields if name != "offences")
    return [*names, "offences"] if "offences" in command.fields else names
