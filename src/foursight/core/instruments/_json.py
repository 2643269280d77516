"""Typed access to parsed JSON: each helper checks one value and names where it failed.

Definitions, wording files and API payloads arrive as untyped JSON. These helpers turn
them into typed values or raise :class:`~foursight.errors.InvalidInput` with ``field`` set
to a dotted path (``"questions[3].topic"``), so the person fixing the file knows where.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from foursight.errors import InvalidInput


def read_json(path: Path, what: str) -> object:
    """Parse the JSON file at ``path``; unreadable or malformed files raise InvalidInput."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Cannot read the {what} file {path}: {exc.strerror}.") from exc
    return parse_text(content, f"The {what} file {path}")


def parse_text(text: str, what: str) -> object:
    """Parse JSON ``text``; ``what`` names the document in the error message."""
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}.") from exc
    return data


def obj(value: object, where: str, *, allowed: frozenset[str] | None = None) -> dict[str, object]:
    """Return ``value`` as a JSON object; with ``allowed``, unknown keys are rejected."""
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{where} must be an object.", field=where)
    out: dict[str, object] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise InvalidInput(f"{where} has a key that is not a string.", field=where)
        out[key] = item
    if allowed is not None:
        unknown = sorted(set(out) - allowed)
        if unknown:
            raise InvalidInput(
                f"{where} has unknown key(s): {', '.join(unknown)}.", field=f"{where}.{unknown[0]}"
            )
    return out


def arr(value: object, where: str) -> list[object]:
    """Return ``value`` as a JSON array."""
    if not isinstance(value, list):
        raise InvalidInput(f"{where} must be a list.", field=where)
    return list(value)


def text(value: object, where: str) -> str:
    """Return ``value`` as a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{where} must be a non-empty string.", field=where)
    return value


def integer(value: object, where: str, *, minimum: int = 0) -> int:
    """Return ``value`` as an int no smaller than ``minimum`` (booleans are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{where} must be a whole number of at least {minimum}.", field=where)
    return value


def flag(value: object, where: str) -> bool:
    """Return ``value`` as a boolean."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{where} must be true or false.", field=where)
    return value


def day(value: object, where: str) -> date:
    """Return a calendar day (UTC) from a ``date``, an aware ``datetime`` or an ISO string.

    Naive datetimes are refused: the core works in UTC and will not guess a time zone.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput(
                f"{where} must be an ISO date such as 2026-01-31.", field=where
            ) from exc
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(f"{where} must carry a time zone (UTC).", field=where)
        return value.astimezone(UTC).date()
    if isinstance(value, date):
        return value
    raise InvalidInput(f"{where} must be a date.", field=where)
