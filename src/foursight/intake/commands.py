"""What the public sends and an officer's grading: the commands and the rules they meet.

:class:`SubmitOnlineReport`, :class:`SubmitInformation` and :class:`GradeInformation` are
built once, by ``from_dict``, from the API body, the public and staff pages and the demo,
and handed to ``foursight.intake.actions``. Building one applies the rules, which need no
database, so they are tested as plain functions (the wording of each message is the one
the public form shows next to the field):

* the anti-spam field stays empty; what happened (or what is known) is given;
* a reporter gives a name and a phone number or an email address in a usable form;
* a suspect's relationship is one of :data:`RELATIONSHIPS`;
* a grading is 3x5x2 (source 1-3, assessment A-E, handling P or C), handling C states its
  conditions, and the sanitised wording is written;
* a victim's diary entry (:class:`AddDiaryEntry`) says when it happened (a date and time,
  read in the service's zone when it has none, not in the future) and what happened;
  an officer accepting it as an occasion (:class:`AcceptDiaryEntry`) names at least one
  behaviour (checked with the occasion's rules), and a query (:class:`QueryDiaryEntry`)
  has the question for the victim.

Routing by postcode reads the units, so the actions do it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from foursight.core.identifiers import normalise
from foursight.errors import InvalidInput
from foursight.intake import clean

RELATIONSHIPS = {
    "ex_partner": "A former partner",
    "partner": "A current partner",
    "family": "A family member",
    "acquaintance": "Someone I know",
    "colleague": "A colleague",
    "neighbour": "A neighbour",
    "online_only": "Someone I only know online",
    "stranger": "A stranger",
    "unknown": "I do not know who it is",
}
SOURCES = ("1", "2", "3")
ASSESSMENTS = ("A", "B", "C", "D", "E")
HANDLING = ("P", "C")


def clean_reporter(data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        raise InvalidInput("reporter: tell us your name and how to contact you", field="reporter")
    out = {
        "name": clean.text(data, "name", required="enter your name", limit=200),
        "phone": clean.text(data, "phone", limit=40),
        "email": clean.text(data, "email", limit=200),
        "address": clean.text(data, "address", limit=300),
    }
    if not out["phone"] and not out["email"]:
        raise InvalidInput(
            "reporter.phone: give a phone number or an email address so we can contact you",
            field="reporter.phone",
        )
    if out["phone"] and normalise("phone", out["phone"]) is None:
        raise InvalidInput(
            "reporter.phone: enter a phone number, like 07700 900 982", field="reporter.phone"
        )
    if out["email"] and normalise("email", out["email"]) is None:
        raise InvalidInput(
            "reporter.email: enter an email address, like name@example.com",
            field="reporter.email",
        )
    return {k: v for k, v in out.items() if v}


def clean_suspect(data: Any) -> dict[str, Any]:
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise InvalidInput("suspect: expected the person's details", field="suspect")
    relationship = clean.text(data, "relationship", limit=20) or "unknown"
    if relationship not in RELATIONSHIPS:
        raise InvalidInput(
            f"suspect.relationship: expected one of {', '.join(RELATIONSHIPS)}",
            field="suspect.relationship",
        )
    out: dict[str, Any] = {
        "name": clean.text(data, "name", limit=200),
        "relationship": relationship,
        "identifiers": clean.identifiers(data.get("identifiers"), "suspect.identifiers"),
    }
    return {k: v for k, v in out.items() if v}


def _no_honeypot(data: Mapping[str, Any]) -> None:
    if clean.honeypot(dict(data)):
        raise InvalidInput(f"{clean.HONEYPOT}: leave this field empty", field=clean.HONEYPOT)


@dataclass(frozen=True)
class SubmitOnlineReport:
    """A member of the public's report, its text trimmed and its answers checked."""

    what_happened: str
    reporter: Mapping[str, str]
    postcode: str = ""
    borough: str = ""
    started: str = ""
    suspect: Mapping[str, Any] = field(default_factory=dict)
    safe_contact: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SubmitOnlineReport:
        _no_honeypot(data)
        raw = dict(data)
        what = clean.text(raw, "what_happened", required="tell us what has been happening")
        return cls(
            what_happened=what,
            started=clean.text(raw, "started", limit=100),
            postcode=clean.text(raw, "postcode", limit=12),
            borough=clean.text(raw, "borough", limit=60),
            reporter=clean_reporter(raw.get("reporter")),
            suspect=clean_suspect(raw.get("suspect")),
            safe_contact=clean.text(raw, "safe_contact", limit=300),
        )


@dataclass(frozen=True)
class SubmitInformation:
    """Anonymous information: what is known, about whom, where; nothing about the giver."""

    what: str
    about_name: str = ""
    identifiers: tuple[Mapping[str, str], ...] = ()
    where: str = ""
    postcode: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SubmitInformation:
        _no_honeypot(data)
        raw = dict(data)
        what = clean.text(raw, "what", required="tell us what you know")
        about = raw.get("about") or {}
        if not isinstance(about, dict):
            raise InvalidInput("about: expected the person's name and identifiers", field="about")
        return cls(
            what=what,
            about_name=clean.text(about, "name", limit=200),
            identifiers=tuple(clean.identifiers(about.get("identifiers"), "about.identifiers")),
            where=clean.text(raw, "where", limit=300),
            postcode=clean.text(raw, "postcode", limit=12),
        )


@dataclass(frozen=True)
class GradeInformation:
    source_evaluation: str
    assessment: str
    handling: str
    sanitised: str
    handling_conditions: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeInformation:
        raw = dict(data)
        return check_grading(
            cls(
                source_evaluation=clean.text(raw, "source_evaluation", required="choose 1, 2 or 3"),
                assessment=clean.text(raw, "assessment", required="choose A, B, C, D or E"),
                handling=clean.text(raw, "handling", required="choose P or C"),
                handling_conditions=clean.text(raw, "handling_conditions", limit=2000),
                sanitised=clean.text(raw, "sanitised", required="write the sanitised wording"),
            )
        )


def check_grading(command: GradeInformation) -> GradeInformation:
    """The grading in capitals, conditions kept only for handling C, or the rule broken."""
    assessment = command.assessment.strip().upper()
    handling = command.handling.strip().upper()
    conditions = command.handling_conditions.strip()
    if not command.sanitised.strip():
        raise InvalidInput("sanitised: write the sanitised wording", field="sanitised")
    if command.source_evaluation.strip() not in SOURCES:
        raise InvalidInput("source_evaluation: choose 1, 2 or 3", field="source_evaluation")
    if assessment not in ASSESSMENTS:
        raise InvalidInput("assessment: choose A, B, C, D or E", field="assessment")
    if handling not in HANDLING:
        raise InvalidInput("handling: choose P or C", field="handling")
    if handling == "C" and not conditions:
        raise InvalidInput(
            "handling_conditions: write down the conditions of sharing (handling code C)",
            field="handling_conditions",
        )
    return GradeInformation(
        source_evaluation=command.source_evaluation.strip(),
        assessment=assessment,
        handling=handling,
        sanitised=command.sanitised.strip(),
        handling_conditions=conditions if handling == "C" else "",
    )


WHEN = "occurred_at: enter the date and time it happened"
#: How far ahead of the clock an entry may be dated (a phone's clock a little fast).
CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class AddDiaryEntry:
    """An incident the victim records in their diary; it waits for the officer's review."""

    occurred_at: datetime
    what_happened: str
    place: str = ""
    effect: str = ""
    witnesses: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AddDiaryEntry:
        """The entry from the API body or the victim's page: ``occurred_at`` as a datetime
        or ISO text, the texts trimmed (:func:`check_diary_entry` checks the time)."""
        raw = dict(data)
        value = raw.get("occurred_at")
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError as exc:
                raise InvalidInput(WHEN, field="occurred_at") from exc
        if not isinstance(value, datetime):
            raise InvalidInput(WHEN, field="occurred_at")
        return cls(
            occurred_at=value,
            what_happened=clean.text(raw, "what_happened"),
            place=clean.text(raw, "place", limit=200),
            effect=clean.text(raw, "effect", limit=5000),
            witnesses=clean.text(raw, "witnesses", limit=2000),
        )


def check_diary_entry(command: AddDiaryEntry, *, now: datetime, zone: tzinfo) -> AddDiaryEntry:
    """The entry dated in ``zone`` when it has no zone, or the rule broken: not in the
    future (beyond :data:`CLOCK_SLACK`), and saying what happened."""
    when = command.occurred_at
    if when.tzinfo is None or when.utcoffset() is None:
        when = when.replace(tzinfo=zone)
    if when > now + CLOCK_SLACK:
        raise InvalidInput(
            "occurred_at: the date must be today or in the past", field="occurred_at"
        )
    if not command.what_happened.strip():
        raise InvalidInput("what_happened: tell us what happened", field="what_happened")
    return replace(command, occurred_at=when)


@dataclass(frozen=True)
class AcceptDiaryEntry:
    """Make a diary entry an occasion of its report, with the behaviours it shows."""

    behaviours: tuple[str, ...]
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AcceptDiaryEntry:
        raw = dict(data)
        return cls(
            behaviours=tuple(raw.get("behaviours") or ()),
            note=clean.text(raw, "note", limit=2000),
        )


@dataclass(frozen=True)
class QueryDiaryEntry:
    """Ask the victim about an entry instead of accepting it; the note is shown to them."""

    note: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QueryDiaryEntry:
        return cls(
            note=clean.text(
                dict(data), "note", required="write the question for the victim", limit=2000
            )
        )
