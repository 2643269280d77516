"""Shared pieces of the conduct analysis: settings, the event view and small helpers.

Every analysis step works on :class:`Contact` records: one per timeline event, carrying the
event, its identifier key (the normalised counterpart, ``"withheld"`` for a withheld
number), whether that identifier is in scope (attributed to the suspect), and the local
date and time in the stated zone. Local time exists only for day and week grouping and the
night window; every timestamp reported is UTC (``2024-03-12T21:14:00Z``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from foursight.core.conduct.learned import ThreatModel, threat_model
from foursight.core.conduct.rules import RuleSet, stop_rules, threat_rules
from foursight.core.events import ContactEvent, Direction, EventKind, format_utc
from foursight.core.importers.base import normalise_counterpart
from foursight.errors import InvalidInput

WITHHELD = "withheld"
UNKNOWN = "unknown"
# Kinds that are not conduct by the other party: the victim's own actions and notices.
NOT_CONTACT = frozenset({EventKind.BLOCK, EventKind.UNBLOCK, EventKind.SYSTEM})
NOTE = (
    "Measurements of the evidence supplied, for an officer to review. Nothing here is a "
    "finding that an offence was committed or that any identifier belongs to any person."
)


@dataclass(frozen=True, slots=True)
class ConductConfig:
    """Parameters of the analysis; every one is echoed in the output.

    ``tz`` is the IANA zone of the victim's phone. ``night_start``/``night_end`` bound the
    night window in local wall time (start inclusive, end exclusive; it may cross midnight).
    Two contacts belong to the same occasion when no more than ``occasion_gap`` separates
    them. A burst is at least ``burst_count`` contacts from one identifier within
    ``burst_window``. A trend slope within ``trend_tolerance`` per week of zero is flat.
    """

    tz: str = "Europe/London"
    night_start: time = time(23, 0)
    night_end: time = time(6, 0)
    occasion_gap: timedelta = timedelta(hours=2)
    burst_count: int = 5
    burst_window: timedelta = timedelta(minutes=10)
    trend_tolerance: float = 0.5
    fixation_days: int = 7
    obsessive_daily: int = 10
    region: str = "GB"
    threat_rules: RuleSet = field(default_factory=threat_rules)
    stop_rules: RuleSet = field(default_factory=stop_rules)
    #: The learned tier; ``None`` runs the rules alone.
    threat_model: ThreatModel | None = field(default_factory=threat_model)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidInput(f"unknown time zone {self.tz!r}", field="tz") from exc
        if self.burst_count < 2:
            raise InvalidInput("burst_count must be at least 2", field="burst_count")
        if self.occasion_gap <= timedelta(0) or self.burst_window <= timedelta(0):
            raise InvalidInput("occasion_gap and burst_window must be positive")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tz": self.tz,
            "night_window": f"{self.night_start:%H:%M}-{self.night_end:%H:%M}",
            "occasion_gap_minutes": self.occasion_gap.total_seconds() / 60,
            "burst": {
                "count": self.burst_count,
                "window_minutes": self.burst_window.total_seconds() / 60,
            },
            "trend_tolerance_per_week": self.trend_tolerance,
            "fixation_days": self.fixation_days,
            "obsessive_daily": self.obsessive_daily,
            "region": self.region,
        }

    def is_night(self, local: datetime) -> bool:
        """True when the local wall time falls in the night window."""
        clock = local.time()
        if self.night_start <= self.night_end:
            return self.night_start <= clock < self.night_end
        return clock >= self.night_start or clock < self.night_end


TEXT_KINDS = frozenset({EventKind.MESSAGE, EventKind.EDITED})
_new_tuple = tuple.__new__


class Contact(NamedTuple):
    """One event as the analysis sees it (make one with :meth:`of`). The derived fields are
    worked out once, when the contact is made: the analysis reads them millions of times on
    a large phone. A named tuple, as a large phone makes hundreds of thousands of them (a
    frozen dataclass set each field through ``object.__setattr__``, three times slower)."""

    event: ContactEvent
    key: str
    in_scope: bool
    local: datetime
    #: The event id.
    id: str
    #: The event's UTC time.
    ts: datetime
    #: Inbound conduct by the other party (messages, calls, blocked calls, edits).
    is_contact: bool
    #: Has words someone wrote (rules and the model run on these).
    is_text: bool

    @classmethod
    def of(cls, event: ContactEvent, key: str, in_scope: bool, local: datetime) -> Contact:
        """The contact of ``event`` under identifier ``key``, at ``local`` time."""
        kind = event.kind
        return _new_tuple(
            cls,
            (
                event,
                key,
                in_scope,
                local,
                event.event_id,
                event.ts_utc,
                event.direction == Direction.IN and kind not in NOT_CONTACT,
                kind in TEXT_KINDS and bool(event.body.strip()),
            ),
        )

    @property
    def day(self) -> date:
        return self.local.date()


class Ordered(list[Contact]):
    """A list of contacts already in :func:`ordered` order."""


def identifier_key(event: ContactEvent, region: str = "GB") -> str:
    """The identifier an event is counted under: the normalised counterpart; else
    ``"withheld"`` when caller-line identity was withheld; else the normalised raw value,
    or ``"unknown"``."""
    if event.counterpart:
        return event.counterpart
    if event.withheld:
        return WITHHELD
    return normalise_counterpart(event.counterpart_raw, region) or UNKNOWN


def normalise_ids(raw: Iterable[str], region: str = "GB") -> frozenset[str]:
    """Normalise identifiers given by an officer the way importers normalise counterparts."""
    return frozenset(k for k in (normalise_counterpart(r, region) for r in raw) if k)


def folded(keys: Iterable[str]) -> frozenset[str]:
    """Case-folded keys, so ``sam k`` typed by an officer matches the chat name ``Sam K``."""
    return frozenset(k.casefold() for k in keys)


def utc(value: datetime) -> str:
    return format_utc(value)


def week_of(day: date) -> str:
    """ISO week label, ``2024-W11``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def ordered(contacts: Iterable[Contact]) -> list[Contact]:
    """Time order with the event id as tie-break, so equal timestamps sort stably.

    Returns an :class:`Ordered` list; given one, it returns a copy without sorting again."""
    if isinstance(contacts, Ordered):
        return Ordered(contacts)
    return Ordered(sorted(contacts, key=lambda c: (c.ts, c.id)))
