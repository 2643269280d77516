"""The order rules as plain functions (no database): status, duration, notification, matching.

Example::

    >>> from datetime import date
    >>> spo_minimum_expiry(date(2024, 2, 29))
    datetime.date(2026, 2, 28)
    >>> notification_due("spo", date(2026, 3, 2))
    datetime.date(2026, 3, 5)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SPO_KINDS = frozenset({"spo", "spo_interim"})
NOTIFICATION_DAYS = 3  # Stalking Protection Act 2019 s9: within 3 days of service
SPO_MINIMUM_YEARS = 2  # s3: a fixed period of at least 2 years, or until further order
LOCAL_ZONE = ZoneInfo("Europe/London")
# Contact towards the protected person: incoming messages and call attempts of any outcome.
CONTACT_KINDS = frozenset(
    {
        "message",
        "call_missed",
        "call_answered",
        "call_rejected",
        "call_blocked",
        "deleted",
        "edited",
    }
)


def spo_minimum_expiry(made_on: date) -> date:
    """The earliest expiry a full SPO made on ``made_on`` may have (29 Feb falls to 28 Feb)."""
    year = made_on.year + SPO_MINIMUM_YEARS
    try:
        return made_on.replace(year=year)
    except ValueError:
        return made_on.replace(year=year, day=28)


def status(made_on: date, expires_on: date | None, discharged_on: date | None, today: date) -> str:
    """``in_force``, ``expired`` (past its expiry) or ``discharged`` (ended by the court)."""
    if discharged_on is not None and discharged_on <= today:
        return "discharged"
    if expires_on is not None and expires_on < today:
        return "expired"
    return "in_force"


def notification_due(kind: str, served_on: date | None) -> date | None:
    """When an SPO subject must have notified name and address; ``None`` for other orders."""
    if kind not in SPO_KINDS or served_on is None:
        return None
    return served_on + timedelta(days=NOTIFICATION_DAYS)


def notification_overdue(
    kind: str, served_on: date | None, notified_on: date | None, today: date
) -> bool:
    due = notification_due(kind, served_on)
    return due is not None and notified_on is None and today > due


def in_force_window(
    made_on: date, expires_on: date | None, discharged_on: date | None
) -> tuple[datetime, datetime | None]:
    """The UTC instants an order is in force: from the start of the day it was made (UK
    local time) to the end of its expiry day or the start of its discharge day."""
    start = datetime.combine(made_on, time(0), LOCAL_ZONE).astimezone(UTC)
    ends = []
    if expires_on is not None:
        ends.append(
            datetime.combine(expires_on + timedelta(days=1), time(0), LOCAL_ZONE).astimezone(UTC)
        )
    if discharged_on is not None:
        ends.append(datetime.combine(discharged_on, time(0), LOCAL_ZONE).astimezone(UTC))
    return start, min(ends) if ends else None


@dataclass(frozen=True)
class OrderTerms:
    """What detection needs to know about one order."""

    order_id: int
    starts: datetime
    ends: datetime | None
    subject_identifiers: frozenset[str]
    protected_person_ids: frozenset[int]


@dataclass(frozen=True)
class StoredEvent:
    """A contact event on a person's device, as the evidence store holds it."""

    key: str
    owner_person_id: int
    counterpart: str
    ts_utc: datetime
    channel: str
    kind: str
    direction: str


@dataclass(frozen=True)
class Match:
    order_id: int
    event: StoredEvent
    identifier: str


def find_contacts(orders: Iterable[OrderTerms], events: Iterable[StoredEvent]) -> list[Match]:
    """Events that look like the subject contacting a protected person while the order runs.

    An event matches when it is on a protected person's device, comes in (or its direction
    is unknown), is a message or a call attempt, falls inside the order's window, and its
    normalised counterpart is one of the subject's normalised identifiers. Matches are
    potential breaches: an officer confirms or dismisses each.
    """
    by_owner: dict[int, list[OrderTerms]] = {}
    for terms in orders:
        for person_id in terms.protected_person_ids:
            by_owner.setdefault(person_id, []).append(terms)
    out = []
    for event in events:
        if event.direction == "out" or event.kind not in CONTACT_KINDS:
            continue
        for terms in by_owner.get(event.owner_person_id, ()):
            if event.ts_utc < terms.starts or (terms.ends and event.ts_utc >= terms.ends):
                continue
            if event.counterpart and event.counterpart in terms.subject_identifiers:
                out.append(Match(terms.order_id, event, event.counterpart))
    return out
