"""How the interface writes times, dates, rates and codes: one rule for every page.

- Evidence (messages, calls, events quoted from a phone) is shown in UTC and labelled
  "UTC", as the exports and the case file record it, so that a time quoted in a
  statement matches the exhibit.
- Everything else (reports, reviews, visits, orders) is shown in UK local time with its
  zone ("GMT" or "BST"), because that is the time people lived it.
- One date format everywhere: day, short month, year ("6 Jul 2026").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/London")
DATE_FORMAT = "%-d %b %Y"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def day(value: date | datetime | str | None) -> str:
    """``6 Jul 2026``; a datetime is first put in UK local time. ISO text is read first."""
    if isinstance(value, str):
        value = instant(value) if "T" in value else _date(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _aware(value).astimezone(LOCAL)
    return value.strftime(DATE_FORMAT)


def birth(value: str | None) -> str:
    """A date of birth as recorded, whole or partial: ``19 May 2004``, ``Jun 1985`` or
    ``1985``; anything else as it was typed."""
    text = (value or "").strip()
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return date.fromisoformat(text).strftime(DATE_FORMAT)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1).strftime("%b %Y")
    except ValueError:
        return text
    return text


def local_time(value: datetime | str | None) -> str:
    """``6 Jul 2026, 20:05 BST``: UK local time with its zone."""
    value = instant(value)
    if value is None:
        return ""
    local = _aware(value).astimezone(LOCAL)
    return f"{local.strftime(DATE_FORMAT)}, {local:%H:%M} {local.tzname()}"


def instant(value: datetime | str | None) -> datetime | None:
    """A datetime, or an ISO 8601 text as the analysis stores it (``2026-07-06T19:05:00Z``);
    text that is not a time gives ``None``."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return value


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def evidence_time(value: datetime | str | None, seconds: bool = True) -> str:
    """``6 Jul 2026, 19:05:12 UTC``: a time quoted from evidence, in UTC, labelled.

    It also takes the ISO text the stored analysis holds."""
    value = instant(value)
    if value is None:
        return ""
    utc = _aware(value).astimezone(UTC)
    clock = f"{utc:%H:%M:%S}" if seconds else f"{utc:%H:%M}"
    return f"{utc.strftime(DATE_FORMAT)}, {clock} UTC"


def percent(value: float | None, places: int = 1) -> str:
    """A rate between 0 and 1 as a percentage: ``0.1288`` is ``12.9%``."""
    if value is None:
        return ""
    return f"{value * 100:.{places}f}%"
