"""The typed result of a course-of-conduct analysis, and its JSON form.

:func:`~foursight.core.conduct.analysis.analyse_conduct` returns a :class:`ConductResult`.
Its occasions are typed (aware UTC datetimes), so a caller that acts on them (the service
bringing a report's evidence occasions in line) needs no parsing; :meth:`ConductResult.to_json`
gives the JSON-ready dict of ``foursight conduct --json`` and ``docs/conduct.md``, the same
byte for byte when serialised with ``sort_keys=True``. Sections a caller only shows or
stores (counterparts, volumes, stops, threats, escalation, FOUR) stay JSON-ready mappings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from foursight.core.conduct.model import utc


@dataclass(frozen=True)
class ConductOccasion:
    """One occasion: a run of in-scope contacts on one local day, numbered from 1."""

    index: int
    start: datetime
    end: datetime
    local_date: date
    events: int
    identifiers: tuple[str, ...]
    channels: tuple[str, ...]
    event_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": utc(self.start),
            "end": utc(self.end),
            "local_date": self.local_date.isoformat(),
            "events": self.events,
            "identifiers": list(self.identifiers),
            "channels": list(self.channels),
            "event_ids": list(self.event_ids),
        }


@dataclass(frozen=True)
class ConductResult:
    """What :func:`analyse_conduct` found; ``files`` is set when it read export files."""

    analysis: dict[str, Any]
    note: str
    scope: dict[str, Any]
    events: int
    contacts_in_scope: int
    counterparts: list[dict[str, Any]]
    occasions: tuple[ConductOccasion, ...]
    course_of_conduct: bool
    course_of_conduct_detail: dict[str, Any]
    volumes: dict[str, Any]
    stops: list[dict[str, Any]]
    threats: list[dict[str, Any]]
    threats_set_aside: list[dict[str, Any]]
    new_identifiers_after_block: list[dict[str, Any]]
    escalation: dict[str, Any]
    four: dict[str, Any]
    files: tuple[dict[str, Any], ...] | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict (``foursight conduct --json``; stored by the service)."""
        out: dict[str, Any] = {
            "analysis": self.analysis,
            "note": self.note,
            "scope": self.scope,
            "events": self.events,
            "contacts_in_scope": self.contacts_in_scope,
            "counterparts": self.counterparts,
            "occasions": [o.to_json() for o in self.occasions],
            "course_of_conduct": self.course_of_conduct,
            "course_of_conduct_detail": self.course_of_conduct_detail,
            "volumes": self.volumes,
            "stops": self.stops,
            "threats": self.threats,
            "threats_set_aside": self.threats_set_aside,
            "new_identifiers_after_block": self.new_identifiers_after_block,
            "escalation": self.escalation,
            "four": self.four,
        }
        if self.files is not None:
            out["files"] = list(self.files)
        return out
