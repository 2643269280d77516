# ruff: noqa: S608  (SQL from fixed column names; every value is a bound parameter)
"""The insights filters and the one WHERE builder every insights query uses.

No Django here (the benchmark imports it on its own). A query names the columns of its
table that the filters apply to, and gets back a clause and its bound parameters::

    clause, params = where(f, "?", date="r.reported_at", bcu="r.bcu", report="r.id")
    sql = f"SELECT count(*) FROM reports r WHERE {clause}"

Each filter applies only when it is set *and* the query names the column for it; a
column left out means "this table cannot be filtered that way" (for example the targets
table has no offence). The rules, the same for every table:

* ``date``: a date or timestamp column (or a month column holding first days of months);
  kept from the first day of ``month_from`` up to, not including, the first day of the
  month after ``month_to``, so the whole of the last month counts.
* ``bcu``: the column holding the BCU code; equal to ``bcu``.
* ``offence``: a column holding one offence code per row (a table with a row per
  offence, such as ``offences`` joined or the offence rollups); equal to ``offence``.
* ``report``: a column holding report ids, for tables without an offence column: the
  report must have the offence (a semi-join on ``offences``). Ignored when ``offence``
  is given.

Values are always bound parameters (``mark`` is the driver's placeholder: ``?`` for
DuckDB, ``%s`` for psycopg); column names come from the code, never from input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Filters:
    """Month range (first day of each month, inclusive), BCU code and offence code."""

    month_from: date | None = None
    month_to: date | None = None
    bcu: str | None = None
    offence: str | None = None

    @property
    def any(self) -> bool:
        """True when at least one filter is set."""
        return bool(self.month_from or self.month_to or self.bcu or self.offence)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def where(
    f: Filters,
    mark: str = "?",
    *,
    date: str | None = None,
    bcu: str | None = None,
    offence: str | None = None,
    report: str | None = None,
) -> tuple[str, list[Any]]:
    """A WHERE clause (``1 = 1`` when nothing applies) and its parameters, in order."""
    parts: list[str] = ["1 = 1"]
    params: list[Any] = []
    if date and f.month_from:
        parts.append(f"{date} >= {mark}")
        params.append(f.month_from)
    if date and f.month_to:
        parts.append(f"{date} < {mark}")
        params.append(next_month(f.month_to))
    if bcu and f.bcu:
        parts.append(f"{bcu} = {mark}")
        params.append(f.bcu)
    if f.offence and offence:
        parts.append(f"{offence} = {mark}")
        params.append(f.offence)
    elif f.offence and report:
        parts.append(f"{report} IN (SELECT report_id FROM offences WHERE code = {mark})")
        params.append(f.offence)
    return " AND ".join(parts), params
