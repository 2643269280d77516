"""Fixtures for the conduct tests: an event factory and the fixture folders.

Handed out as fixtures because tests run with ``--import-mode=importlib``, where test
modules cannot import a sibling helper module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from foursight.core.events import Channel, ContactEvent, Direction, EventKind, TsConfidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SUSPECT = "+447700900123"
SUSPECT_RAW = "07700 900123"

MakeEvent = Callable[..., ContactEvent]


def _make_event(
    n: int,
    when: datetime,
    body: str = "",
    *,
    kind: EventKind = EventKind.MESSAGE,
    direction: Direction = Direction.IN,
    channel: Channel = Channel.SMS,
    counterpart: str = SUSPECT,
    raw: str | None = None,
    withheld: bool = False,
    **extra: Any,
) -> ContactEvent:
    """Event ``e<n>`` from (or to) ``counterpart`` at ``when`` (UTC unless aware)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return ContactEvent(
        event_id=f"e{n:03d}",
        source_file_sha256="0" * 64,
        source_locator=f"row {n}",
        channel=channel,
        direction=direction,
        counterpart_raw=counterpart if raw is None else raw,
        counterpart=counterpart,
        author_label="",
        ts_raw=when.isoformat(),
        ts_utc=when,
        tz_assumed="Europe/London",
        ts_confidence=TsConfidence.EXACT,
        body=body,
        kind=kind,
        withheld=withheld,
        **extra,
    )


@pytest.fixture
def ev() -> MakeEvent:
    return _make_event


@pytest.fixture
def suspect() -> str:
    return SUSPECT


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
