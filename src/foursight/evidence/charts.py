"""The conduct page's charts: contacts per day by channel, and by hour of the week.

The numbers are shaped here; the drawing (Vega-Lite rendered to SVG on the server, with
a title, a description and the table of the numbers) is :mod:`foursight.server.charts`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from foursight.core import display, labels
from foursight.server import charts

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def per_day(result: dict[str, Any]) -> tuple[list[str], list[str], dict[str, dict[str, int]]]:
    """(days, channels, counts[day][channel]) of contacts, from the analysis volumes;
    channels by name ("WhatsApp"), days local to the analysis's time zone."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    channels: set[str] = set()
    for row in result.get("volumes", {}).get("by_identifier_channel", []):
        channel = labels.label(row["channel"], "channel")
        channels.add(channel)
        for day, n in row.get("per_day", {}).items():
            counts[day][channel] += n
    if not counts:
        return [], [], {}
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return days, sorted(channels), {d: dict(c) for d, c in counts.items()}


def _local_day(time: str, tz: str) -> str:
    moment = display.instant(time)
    return moment.astimezone(ZoneInfo(tz)).date().isoformat() if moment else time[:10]


def contacts_per_day(result: dict[str, Any]) -> charts.Chart:
    """Contacts per day stacked by channel, a dashed line on each stop request or block."""
    days, _, counts = per_day(result)
    tz = str(result.get("analysis", {}).get("config", {}).get("tz") or "Europe/London")
    stops = [
        (
            _local_day(s["time"], tz),
            f"{labels.label(s['kind'], 'stop_kind')} {display.evidence_time(s['time'])}",
        )
        for s in result.get("stops", [])
    ]
    return charts.stacked_days(
        f"Contacts per day ({tz}), by channel",
        days,
        counts,
        stack="Channel",
        rules=stops,
        rule_label="the victim asked to stop or blocked",
    )


def hour_of_week(grid: list[list[int]], tz: str) -> charts.Chart:
    """Contacts by hour of the week: rows Monday to Sunday, columns hours 0 to 23 in ``tz``."""
    return charts.heatmap(
        f"Contacts by hour of the week ({tz})",
        grid,
        rows=DAYS,
        cols=[f"{h:02d}" for h in range(24)],
        row_title="Day",
        col_title=f"Hour ({tz})",
    )
