"""Server-rendered SVG charts for the conduct page (no script, no CDN).

Each chart has a text alternative (``role="img"`` with a label) and its numbers are also
given as a table on the page, so nothing is conveyed by colour alone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from html import escape
from typing import Any

# Colour-blind-safe palette (Okabe-Ito), dark enough on white for the 3:1 graphics ratio.
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
    "#999999",
    "#882255",
]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def per_day(result: dict[str, Any]) -> tuple[list[str], list[str], dict[str, dict[str, int]]]:
    """(days, channels, counts[day][channel]) of contacts, from the analysis volumes."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    channels: set[str] = set()
    for row in result.get("volumes", {}).get("by_identifier_channel", []):
        channels.add(row["channel"])
        for day, n in row.get("per_day", {}).items():
            counts[day][row["channel"]] += n
    if not counts:
        return [], [], {}
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return days, sorted(channels), {d: dict(c) for d, c in counts.items()}


def contacts_per_day_svg(result: dict[str, Any]) -> str:
    days, channels, counts = per_day(result)
    if not days:
        return "<p>No contacts to chart.</p>"
    width, height, left, bottom, top = 900, 260, 40, 40, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(sum(counts.get(d, {}).values()) for d in days) or 1
    bar = plot_w / len(days)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Contacts per day by channel, {days[0]} to {days[-1]}, peak {peak} in a day; '
        f'dashed lines mark stop requests and blocks" class="chart">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(channels)}
    for i, day in enumerate(days):
        y: float = top + plot_h
        for channel in channels:
            n = counts.get(day, {}).get(channel, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(
                f'<rect x="{left + i * bar:.1f}" y="{y:.1f}" width="{max(bar - 1, 0.5):.1f}" '
                f'height="{h:.1f}" fill="{colour[channel]}"><title>{day} {escape(channel)}: {n}'
                "</title></rect>"
            )
    index = {d: i for i, d in enumerate(days)}
    for stop in result.get("stops", []):
        day = stop["time"][:10]
        if day in index:
            x = left + index[day] * bar + bar / 2
            label = escape(f"{stop['kind']} {stop['time']}")
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#000" '
                f'stroke-dasharray="4 3" stroke-width="1.5"><title>{label}</title></line>'
            )
    parts.append(f'<text x="{left}" y="{height - 22}" font-size="11">{days[0]}</text>')
    parts.append(
        f'<text x="{width - 10}" y="{height - 22}" font-size="11" text-anchor="end">{days[-1]}</text>'
    )
    x = left
    for channel in channels:
        parts.append(
            f'<rect x="{x}" y="{height - 12}" width="10" height="10" fill="{colour[channel]}"/>'
        )
        parts.append(f'<text x="{x + 14}" y="{height - 3}" font-size="11">{escape(channel)}</text>')
        x += 20 + 8 * len(channel)
    parts.append(f'<text x="{x + 10}" y="{height - 3}" font-size="11">- - - stop or block</text>')
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(grid: list[list[int]], tz: str) -> str:
    """Hour-of-week heatmap: rows Monday to Sunday, columns hours 0 to 23 in ``tz``."""
    peak = max((max(row) for row in grid), default=0)
    if not peak:
        return "<p>No contacts to chart.</p>"
    cell, left, top = 28, 40, 20
    width, height = left + 24 * cell + 10, top + 7 * cell + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Contacts by hour of the week in {escape(tz)}; darker is more, peak {peak}" '
        'class="chart">'
    ]
    for hour in range(0, 24, 3):
        parts.append(
            f'<text x="{left + hour * cell + 2}" y="{top - 6}" font-size="11">{hour:02d}</text>'
        )
    for d, row in enumerate(grid):
        y = top + d * cell
        parts.append(
            f'<text x="{left - 6}" y="{y + 18}" font-size="11" text-anchor="end">{DAYS[d]}</text>'
        )
        for hour, n in enumerate(row):
            shade = 255 - int(215 * n / peak) if n else 255
            fill = f"rgb({shade},{shade},255)" if n else "#fff"
            parts.append(
                f'<rect x="{left + hour * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{fill}" stroke="#bbb"><title>{DAYS[d]} {hour:02d}:00: {n}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)
