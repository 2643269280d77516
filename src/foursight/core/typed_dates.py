"""Reading dates and times as people type them into forms.

* A date: ``27/3/2026``, ``27/03/2026``, ``27-3-2026``, ``27.3.2026``, ``27 3 2026`` or
  ``2026-03-27`` (:func:`parse_day`), or the three boxes of a GOV.UK date input
  (:func:`parse_day_parts`).
* A date of birth may be partial: the year only (``1991``), month and year (``3/1991``,
  ``1991-03``) or a whole date (:func:`parse_birth`); it is returned as the domain's
  ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
* A time of day is typed in UK local time (``18:05``, ``6:05pm``, ``18.05``) and stored
  in UTC (:func:`parse_local_time`). A time the clocks skip (the hour after 1am on the
  last Sunday of March) is refused; a time that happens twice (1am to 2am on the last
  Sunday of October) needs ``BST`` or ``GMT`` after it. ``UTC`` after a time means UTC.

Every refusal is an :class:`~foursight.errors.InvalidInput` whose message starts with
the field's label, in plain words, for the form to show beside the field.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from foursight.errors import InvalidInput

LOCAL = ZoneInfo("Europe/London")
_DMY = re.compile(r"^(\d{1,2})[/\-. ]+(\d{1,2})[/\-. ]+(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})[/\-. ]+(\d{4})$")
_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?(?::(\d{2}))?\s*(am|pm)?\s*(bst|gmt|utc|z)?$")
EARLIEST_YEAR = 1880


def _problem(label: str, text: str) -> InvalidInput:
    return InvalidInput(f"{label} {text}")


def _real_day(year: int, month: int, day: int, label: str) -> date:
    if not EARLIEST_YEAR <= year <= 2200:
        raise _problem(label, f"must have a year between {EARLIEST_YEAR} and 2200")
    if not 1 <= month <= 12:
        raise _problem(label, "must be a real date: the month must be 1 to 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise _problem(label, f"must be a real date: {name} {year} has {last} days")
    return date(year, month, day)


def parse_day(text: str, label: str = "Date") -> date:
    """A whole date typed as day/month/year (UK order) or year-month-day."""
    raw = (text or "").strip()
    if not raw:
        raise _problem(label, "is required: enter it as day/month/year, for example 27/3/2026")
    if match := _YMD.match(raw):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(raw):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise _problem(label, "must be a date as day/month/year, for example 27/3/2026")
    return _real_day(year, month, day, label)


def parse_day_parts(day: str, month: str, year: str, label: str = "Date") -> date:
    """The three boxes of a GOV.UK date input."""
    parts = {
        "day": (day or "").strip(),
        "month": (month or "").strip(),
        "year": (year or "").strip(),
    }
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        raise _problem(label, "is required")
    if missing:
        raise _problem(label, f"must include a {' and a '.join(missing)}")
    if not all(value.isdigit() for value in parts.values()) or len(parts["year"]) != 4:
        raise _problem(label, "must be a real date, for example 27 3 2026")
    return _real_day(int(parts["year"]), int(parts["month"]), int(parts["day"]), label)


def parse_birth(text: str, label: str = "Date of birth") -> str:
    """A full or partial date of birth as the domain holds it: ``YYYY[-MM[-DD]]``; blank: ``""``."""
    raw = (text or "").strip()
    if not raw:
        return ""
    if re.fullmatch(r"\d{4}", raw):
        _real_day(int(raw), 1, 1, label)
        return raw
    match = _MY.match(raw) or _YM.match(raw)
    if match:
        first, second = match.groups()
        month, year = (int(first), int(second)) if len(second) == 4 else (int(second), int(first))
        _real_day(year, month, 1, label)
        return f"{year:04d}-{month:02d}"
    if _DMY.match(raw) or _YMD.match(raw):
        return parse_day(raw, label).isoformat()
    raise _problem(
        label, "must be a date such as 4/3/1991, a month and year such as 3/1991, or a year"
    )


def _clock(text: str, label: str) -> tuple[time, str]:
    raw = (text or "").strip().lower()
    match = _TIME.match(raw)
    if not raw:
        raise _problem(label, "is required: enter a time such as 18:05")
    if not match:
        raise _problem(label, "must be a time such as 18:05 or 6:05pm")
    hour_s, minute_s, second_s, half, zone = match.groups()
    hour, minute, second = int(hour_s), int(minute_s or 0), int(second_s or 0)
    if half:
        if not 1 <= hour <= 12:
            raise _problem(label, "must be a time such as 18:05 or 6:05pm")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _problem(label, "must be a real time, from 00:00 to 23:59")
    return time(hour, minute, second), zone or ""


def _round_trips(moment: datetime) -> bool:
    return moment.astimezone(UTC).astimezone(LOCAL).replace(tzinfo=None) == moment.replace(
        tzinfo=None
    )


def local_to_utc(day: date, clock: time, zone: str = "", label: str = "Time") -> datetime:
    """A UK wall-clock time on ``day`` as an aware UTC datetime (see the module note)."""
    naive = datetime.combine(day, clock)
    if zone in ("utc", "z"):
        return naive.replace(tzinfo=UTC)
    first = naive.replace(tzinfo=LOCAL, fold=0)
    second = naive.replace(tzinfo=LOCAL, fold=1)
    shown = f"{clock:%H:%M} on {day.day} {calendar.month_name[day.month]} {day.year}"
    if not _round_trips(first):
        raise _problem(
            label, f"{shown} did not happen in the UK: the clocks went forward an hour at 1am"
        )
    if first.utcoffset() != second.utcoffset():
        if zone not in ("bst", "gmt"):
            raise _problem(
                label,
                f"{shown} happened twice (the clocks went back): add BST or GMT, "
                f"for example {clock:%H:%M} GMT",
            )
        chosen = first if (first.utcoffset() == timedelta(hours=1)) == (zone == "bst") else second
        return chosen.astimezone(UTC)
    if zone in ("bst", "gmt"):
        wanted = timedelta(hours=1 if zone == "bst" else 0)
        if first.utcoffset() != wanted:
            raise _problem(label, f"{shown} is {first.tzname()}, not {zone.upper()}")
    return first.astimezone(UTC)


def parse_local_time(
    day_text: str, time_text: str, day_label: str = "Date", time_label: str = "Time"
) -> datetime:
    """A date (as :func:`parse_day`) and a UK local time of day, as an aware UTC datetime."""
    day = parse_day(day_text, day_label)
    clock, zone = _clock(time_text, time_label)
    return local_to_utc(day, clock, zone, time_label)


def split_local(moment: datetime | None) -> tuple[str, str]:
    """An aware datetime as the ``d/m/yyyy`` and ``HH:MM`` UK local text a form shows."""
    if moment is None:
        return "", ""
    local = moment.astimezone(LOCAL)
    return f"{local.day}/{local.month}/{local.year}", f"{local:%H:%M}"
