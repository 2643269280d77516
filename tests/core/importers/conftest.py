"""Shared fixtures for the importer tests: the evidence folder and compact event views.

The views are handed out as fixtures because tests run with ``--import-mode=importlib``,
where test modules cannot import a sibling helper module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import ContactEvent

EVIDENCE = Path(__file__).resolve().parents[2] / "fixtures" / "evidence"

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]
Dump = Callable[[Iterable[ContactEvent]], bytes]


def _view(events: Iterable[ContactEvent]) -> list[tuple[object, ...]]:
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


def _dump(events: Iterable[ContactEvent]) -> bytes:
    """The JSON Lines serialisation used to check byte-identical re-runs."""
    lines = [json.dumps(e.to_dict(), ensure_ascii=False) for e in events]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def evidence() -> Path:
    return EVIDENCE


@pytest.fixture
def view() -> View:
    return _view


@pytest.fixture
def dump() -> Dump:
    return _dump
