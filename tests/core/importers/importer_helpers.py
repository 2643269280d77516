"""Compact views of events for exact assertions (a plain module, not a conftest)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from foursight.core.events import ContactEvent

EVIDENCE = Path(__file__).resolve().parents[2] / "fixtures" / "evidence"


def view(events: Iterable[ContactEvent]) -> list[tuple[object, ...]]:
    """(locator, direction, kind, counterpart, ts_utc, body) per event, for exact asserts."""
    return [
        (
            e.source_locator,
            e.direction.value,
            e.kind.value,
            e.counterpart,
            e.to_dict()["ts_utc"],
            e.body,
        )
        for e in events
    ]


def dump(events: Iterable[ContactEvent]) -> bytes:
    """The JSON Lines serialisation used to check byte-identical re-runs."""
    lines = [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=False) for e in events]
    return ("\n".join(lines) + "\n").encode()
