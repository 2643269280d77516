"""Charts for every app: Vega-Lite specs rendered to SVG on the server by vl-convert.

One module draws every chart of the pages (conduct, risk trends, insights, operations).
An app describes *what* to show through one of the builders below (:func:`bars`,
:func:`columns`, :func:`stacked_days`, :func:`heatmap`, :func:`line`); each returns a
:class:`Chart` that a template prints with ``{{ chart }}``. What the page gets:

* a titled figure: the title is a heading above the chart (readable at any width, where a
  title drawn in the picture would shrink with it) and the SVG's ``<title>``, with a
  ``<desc>`` that says what the chart shows in words; the ``<svg>`` has ``role="img"``
  and ``aria-labelledby`` pointing at both;
* the numbers behind the chart as a table (caption, column headers, row headers) in a
  ``<details>`` beside it, so nothing is only in the picture or only in colour;
* labels in full: axis and legend labels are never truncated (``labelLimit: 0``).

Rendering runs in the server process (vl-convert embeds the Vega engine; no browser, no
script, no network): the first chart a process draws takes about 0.6 s while the engine
starts, later ones a few tens of milliseconds (docs/benchmarks.md), and the same figures
drawn again come from a small in-memory cache. The SVG has no
``style`` attribute or element and no script, so the page's Content-Security-Policy
(``style-src 'self'``, ``script-src 'self'``) applies unchanged; :func:`render` checks
that on every chart.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import vl_convert
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
#: Colour-blind-safe palette (Okabe-Ito), dark enough on white for the 3:1 graphics ratio.
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#882255",
    "#999999",
    "#F0E442",
]
BAR = "#1d4f91"
FONT = "Arial, Helvetica, sans-serif"
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "title": {"fontSize": 15, "anchor": "start", "color": "#111", "offset": 10},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "labelColor": "#111",
        "titleColor": "#111",
        "labelLimit": 0,
        "aria": False,
    },
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 0, "aria": False},
    "mark": {"aria": False},
    "aria": False,
}
#: What no chart may contain, whatever its data: the page's CSP would block it.
FORBIDDEN = re.compile(r"<(?:script|style)\b|\s(?:style|on[a-z]+)\s*=|javascript\s*:", re.I)
SUPPRESSED = "suppressed"
#: Rendered charts kept in the process's memory (never on disk), keyed by their whole spec
#: with its data: a page viewed again with the same figures (the insights export changes
#: every few minutes at most; a conduct analysis only when evidence changes) is not
#: drawn again. A page builds its charts only after its access checks.
CACHED = 256


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the SVG, its words, and the table of its numbers."""

    title: str
    description: str
    svg: SafeString
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    ident: str

    def __html__(self) -> str:
        return render_to_string("charts/chart.html", {"chart": self})

    def __str__(self) -> str:
        return self.__html__()


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "chart"


@functools.lru_cache(maxsize=CACHED)
def _svg(spec: str) -> str:
    """The SVG of a spec (JSON text), kept for the next view of the same figures."""
    return str(vl_convert.vegalite_to_svg(json.loads(spec)))


def render(
    spec: dict[str, Any],
    *,
    title: str,
    description: str,
    columns: list[str],
    rows: list[list[Any]],
) -> Chart:
    """Render ``spec`` (Vega-Lite, without title or config) to an accessible chart."""
    full = {"$schema": SCHEMA, "config": CONFIG, **spec}
    text = json.dumps(full, sort_keys=True, default=str)
    ident = f"chart-{_slug(title)}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"
    svg = _svg(text)
    if FORBIDDEN.search(svg):
        raise ValueError(f"chart {title!r}: the SVG carries markup the page policy blocks")
    head, sep, body = svg.partition(">")
    if not head.startswith("<svg") or not sep:
        raise ValueError(f"chart {title!r}: vl-convert did not return an SVG")
    head = head.replace('class="marks"', 'class="chart"', 1)
    labelled = (
        f'{head} role="img" aria-labelledby="{ident}-t {ident}-d" focusable="false">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(description)}</desc>{body}'
    )
    return Chart(
        title=title,
        description=description,
        svg=mark_safe(labelled),  # noqa: S308 - vl-convert output checked above; words escaped
        columns=tuple(columns),
        rows=tuple(tuple(_cell(v) for v in row) for row in rows),
        ident=ident,
    )


def _cell(value: Any) -> str:
    return SUPPRESSED if value is None else str(value)


def _listing(items: Sequence[tuple[str, int | None]], unit: str = "") -> str:
    """Every value in words when there are few, else the range and the highest."""
    if not items:
        return "No data."
    if len(items) <= 12:
        return "; ".join(f"{k}: {_cell(v)}{unit if v is not None else ''}" for k, v in items) + "."
    known = [(k, v) for k, v in items if v is not None]
    text = f"{len(items)} values from {items[0][0]} to {items[-1][0]}"
    if known:
        top = max(known, key=lambda kv: kv[1])
        text += f"; highest {top[1]}{unit} ({top[0]})"
    if len(known) < len(items):
        text += f"; {len(items) - len(known)} suppressed"
    return text + ". Every value is in the table."


def bars(
    title: str,
    items: Sequence[tuple[str, int | None]],
    *,
    label: str = "Category",
    value: str = "Count",
    unit: str = "",
) -> Chart:
    """Horizontal bars, one per ``(label, value)`` in the given order, each with its value
    written at its end; a ``None`` value (suppressed) has no bar and says so."""
    data = [
        {"label": k, "n": v or 0, "shown": SUPPRESSED if v is None else f"{v}{unit}"}
        for k, v in items
    ]
    encoding = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
        "x": {"field": "n", "type": "quantitative", "title": value},
    }
    spec: dict[str, Any] = {
        "width": 360,
        "data": {"values": data},
        "encoding": encoding,
        "layer": [
            {"mark": {"type": "bar", "color": BAR}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
                "encoding": {"text": {"field": "shown"}},
            },
        ],
    }
    if not items:
        spec = _empty()
    return render(
        spec,
        title=title,
        description=_listing(items, unit),
        columns=[label, value],
        rows=[[k, v] for k, v in items],
    )


def columns(
    title: str,
    items: Sequence[tuple[str, int | None]],
    *,
    label: str = "Month",
    value: str = "Count",
) -> Chart:
    """Vertical columns over ordered periods (months or days) with every label kept whole;
    suppressed periods have no column (the table says which)."""
    data = [{"period": k, "n": v or 0} for k, v in items]
    spec: dict[str, Any] = {
        "width": {"step": 18} if len(items) > 24 else 480,
        "height": 180,
        "data": {"values": data},
        "mark": {"type": "bar", "color": BAR},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": None,
                "title": label,
                "axis": {"labelAngle": -45, "labelOverlap": "greedy"},
            },
            "y": {"field": "n", "type": "quantitative", "title": value},
        },
    }
    if not items:
        spec = _empty()
    return render(
        spec,
        title=title,
        description=_listing(items),
        columns=[label, value],
        rows=[[k, v] for k, v in items],
    )


def stacked_days(
    title: str,
    days: list[str],
    counts: dict[str, dict[str, int]],
    *,
    stack: str = "Channel",
    rules: list[tuple[str, str]] | None = None,
    rule_label: str = "",
) -> Chart:
    """Columns per day stacked by ``stack`` (``counts[day][key]``), with a dashed rule on
    each day of ``rules`` (``(day, what)``), named in the legend as ``rule_label``."""
    keys = sorted({k for c in counts.values() for k in c})
    data = [{"day": d, "key": k, "n": n} for d in days for k, n in counts.get(d, {}).items()]
    marks = [{"day": d, "what": w} for d, w in rules or [] if d in set(days)]
    colour = {"domain": keys, "range": [PALETTE[i % len(PALETTE)] for i in range(len(keys))]}
    x = {"field": "day", "type": "ordinal", "sort": days, "scale": {"domain": days}}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": data},
            "mark": "bar",
            "encoding": {
                "x": {
                    **x,
                    "title": "Day",
                    "axis": {"labelAngle": -45, "labelOverlap": "greedy"},
                },
                "y": {"field": "n", "type": "quantitative", "title": "Contacts", "stack": True},
                "color": {"field": "key", "type": "nominal", "title": stack, "scale": colour},
            },
        }
    ]
    if marks:
        layers.append(
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "stroke": {
                        "datum": rule_label,
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": ["#000"]},
                    },
                },
            }
        )
    spec: dict[str, Any] = {
        "width": {"step": 14} if len(days) > 50 else 700,
        "height": 220,
        "layer": layers,
        "resolve": {"scale": {"color": "independent"}},
    }
    if not data:
        spec = _empty()
    peak = max((sum(c.values()) for c in counts.values()), default=0)
    description = (
        f"{title}, {days[0]} to {days[-1]}: {len(keys)} {stack.lower()}(s) "
        f"({', '.join(keys)}), at most {peak} in a day"
        + (f"; dashed lines mark {rule_label} ({len(marks)})" if marks else "")
        + ". Every day with contacts is in the table."
        if days
        else "No data."
    )
    rows = [[d, *[counts.get(d, {}).get(k, 0) for k in keys]] for d in days if d in counts]
    return render(spec, title=title, description=description, columns=["Day", *keys], rows=rows)


def heatmap(
    title: str,
    grid: list[list[int]],
    *,
    rows: list[str],
    cols: list[str],
    row_title: str,
    col_title: str,
) -> Chart:
    """A grid of counts shaded from white (none) to dark blue (the most)."""
    data = [
        {"row": rows[r], "col": cols[c], "n": n}
        for r, line in enumerate(grid)
        for c, n in enumerate(line)
    ]
    peak = max((max(line) for line in grid), default=0)
    spec: dict[str, Any] = {
        "data": {"values": data},
        "width": {"step": 28},
        "height": {"step": 28},
        "mark": {"type": "rect", "stroke": "#bbb"},
        "encoding": {
            "x": {
                "field": "col",
                "type": "ordinal",
                "sort": cols,
                "title": col_title,
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "row", "type": "ordinal", "sort": rows, "title": row_title},
            "color": {
                "field": "n",
                "type": "quantitative",
                "title": "Count",
                "scale": {"range": ["#ffffff", "#08306b"], "domainMin": 0, "interpolate": "rgb"},
            },
        },
    }
    if not peak:
        spec = _empty()
    busiest = max(
        ((rows[r], cols[c], n) for r, line in enumerate(grid) for c, n in enumerate(line)),
        key=lambda t: t[2],
        default=None,
    )
    description = (
        f"{title}: darker is more; the busiest cell is {busiest[0]} {busiest[1]} with "
        f"{busiest[2]}. Every cell is in the table."
        if busiest and peak
        else "No data."
    )
    return render(
        spec,
        title=title,
        description=description,
        columns=[row_title, *cols],
        rows=[[rows[r], *line] for r, line in enumerate(grid)],
    )


def line(
    title: str,
    points: list[dict[str, Any]],
    *,
    x_title: str,
    y_title: str,
    y_domain: list[Any] | None = None,
    y_type: str = "quantitative",
    guides: list[tuple[Any, str]] | None = None,
    columns: list[str],
    rows: list[list[Any]],
    description: str,
) -> Chart:
    """A line through ``points`` (``{"x", "y", "colour"}``) with a dot at each, coloured by
    its ``colour`` (a hex code), and dashed horizontal guides ``(y, label)``."""
    y: dict[str, Any] = {"field": "y", "type": y_type, "title": y_title}
    if y_domain is not None:
        y["scale"] = {"domain": y_domain}
    x = {"field": "x", "type": "ordinal", "sort": None, "title": x_title, "axis": {"labelAngle": 0}}
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "line", "color": "#0b3d91"}, "encoding": {"x": x, "y": y}},
        {
            "mark": {"type": "point", "filled": True, "size": 90},
            "encoding": {
                "x": x,
                "y": y,
                "color": {"field": "colour", "type": "nominal", "scale": None},
            },
        },
    ]
    for value, label in guides or []:
        layers.append(
            {
                "data": {"values": [{"y": value, "label": label}]},
                "layer": [
                    {"mark": {"type": "rule", "strokeDash": [4, 3], "color": "#666"}},
                    {
                        "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "x": 0},
                        "encoding": {"text": {"field": "label"}},
                    },
                ],
                "encoding": {"y": y},
            }
        )
    spec = {"width": 380, "height": 170, "data": {"values": points}, "layer": layers}
    return render(spec, title=title, description=description, columns=columns, rows=rows)


def _empty() -> dict[str, Any]:
    return {
        "width": 300,
        "height": 30,
        "data": {"values": [{"t": "No data to chart."}]},
        "mark": {"type": "text", "align": "left", "x": 0, "fontSize": 13},
        "encoding": {"text": {"field": "t"}},
    }
