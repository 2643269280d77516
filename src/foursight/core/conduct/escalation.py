"""Escalation: the week-on-week trend in contact volume and in threat severity.

Weeks are ISO weeks in the stated zone, from the week of the first in-scope contact to the
week of the last, with empty weeks included as zero (a quiet week is evidence too). For
each week: in-scope contacts, contacts with at least one threat-rule hit, and the severity
score (the sum over those events of their highest hit severity). The trend is the
ordinary least-squares slope of each series against the week number (0, 1, 2 ...), per
week; it is ``up`` above ``trend_tolerance``, ``down`` below minus that, else ``flat``, and
``insufficient`` with fewer than two weeks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from foursight.core.conduct.model import ConductConfig, Contact, monday, week_of


def slope(values: Sequence[float]) -> float:
    """Least-squares slope of ``values`` against 0, 1, 2 ...; 0.0 for fewer than two."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def trend(value: float, weeks: int, tolerance: float) -> str:
    if weeks < 2:
        return "insufficient"
    if value > tolerance:
        return "up"
    if value < -tolerance:
        return "down"
    return "flat"


def escalation(
    contacts: Sequence[Contact], severity: dict[str, int], config: ConductConfig
) -> dict[str, Any]:
    """Weekly series and trends. ``severity`` maps event id to its highest hit severity."""
    scoped = [c for c in contacts if c.in_scope and c.is_contact]
    if not scoped:
        return {
            "weeks": [],
            "volume_slope": 0.0,
            "volume_trend": "insufficient",
            "severity_slope": 0.0,
            "severity_trend": "insufficient",
        }
    start = monday(min(c.day for c in scoped))
    end = monday(max(c.day for c in scoped))
    volume = Counter(monday(c.day) for c in scoped)
    threats = Counter(monday(c.day) for c in scoped if c.id in severity)
    score: Counter[date] = Counter()
    for c in scoped:
        score[monday(c.day)] += severity.get(c.id, 0)
    weeks: list[dict[str, Any]] = []
    volumes: list[float] = []
    scores: list[float] = []
    day = start
    while day <= end:
        volumes.append(volume[day])
        scores.append(score[day])
        weeks.append(
            {
                "week": week_of(day),
                "start": day.isoformat(),
                "events": volume[day],
                "threat_events": threats[day],
                "severity": score[day],
            }
        )
        day += timedelta(days=7)
    v_slope = slope(volumes)
    s_slope = slope(scores)
    return {
        "weeks": weeks,
        "volume_slope": round(v_slope, 4),
        "volume_trend": trend(v_slope, len(weeks), config.trend_tolerance),
        "severity_slope": round(s_slope, 4),
        "severity_trend": trend(s_slope, len(weeks), config.trend_tolerance),
    }
