"""When the next compliance check of an order's or a bail's conditions is due.

A check names one condition; the conditions that set the next due date are that
condition and its siblings (the other conditions of the same order or the same bail)
still in force on the day of the check. The tightest of them sets the interval
(``core/data/compliance.json``: a curfew is checked weekly, a no-contact order condition
every four weeks); a failed check brings the next one forward. There is no next check
when every one of those conditions has ended by the day it would fall on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from foursight.core import reference

Source = Literal["order", "bail"]


@dataclass(frozen=True, slots=True)
class CheckableCondition:
    """A condition as the rule sees it: its kind and the days it is in force (inclusive)."""

    kind: str
    starts_on: date
    ends_on: date | None = None

    def in_force(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def interval_days(source: Source, kind: str) -> int:
    """Days between checks of one condition kind (the ``other`` interval if unlisted)."""
    table: dict[str, int] = reference.load("compliance")[source]
    return int(table.get(kind, table["other"]))


def next_check_due(
    source: Source, conditions: Sequence[CheckableCondition], checked_on: date, *, failed: bool
) -> date | None:
    """The day the next check is due, or ``None`` when nothing will be in force by then.

    >>> from datetime import date
    >>> curfew = CheckableCondition("curfew", date(2026, 3, 1), date(2026, 4, 1))
    >>> next_check_due("bail", [curfew], date(2026, 3, 10), failed=False)
    datetime.date(2026, 3, 17)
    >>> next_check_due("bail", [curfew], date(2026, 3, 30), failed=False) is None
    True
    """
    live = [c for c in conditions if c.in_force(checked_on)]
    if not live:
        return None
    days = min(interval_days(source, c.kind) for c in live)
    if failed:
        days = min(days, int(reference.load("compliance")["after_failure_days"]))
    due = checked_on + timedelta(days=days)
    if not any(c.in_force(due) for c in live):
        return None
    return due


def first_check_due(source: Source, conditions: Sequence[CheckableCondition]) -> date | None:
    """When the first check of newly made conditions is due (no check yet)."""
    if not conditions:
        return None
    start = min(c.starts_on for c in conditions)
    return next_check_due(source, conditions, start, failed=False)
