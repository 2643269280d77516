"""Chart rendering: time to draw each kind of chart the pages show (foursight.server.charts).

Run from the repository root::

    nice .venv/bin/python benchmarks/bench_charts.py               # 20 renders of each
    nice .venv/bin/python benchmarks/bench_charts.py --repeats 50

Each chart is a Vega-Lite spec rendered to SVG by vl-convert in this process, with the
data sizes the pages see at their largest: the insights page's 36 months and 12 offence
bars, an operation's arrests by day, a conduct page's 90 days over three channels with
four stop lines and its 7 x 24 hour grid, and a risk trend of 8 versions. The first
render of the process (vl-convert starting its Vega engine) is reported apart; then for
each kind the median and 95th percentile of ``--repeats`` renders drawn afresh (the
cache emptied), the median of the same chart asked for again (from the in-memory cache),
and the SVG's size.
Prints one JSON line per kind and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def kinds() -> dict[str, Callable[[], Any]]:
    from foursight.server import charts

    months = [(f"{2023 + i // 12}-{i % 12 + 1:02d}", 40 + (i * 37) % 90) for i in range(36)]
    offences = [(f"Offence {i} with a full descriptive name", 5 + i * 7) for i in range(12)]
    first = date(2024, 1, 1)
    days = [(first + timedelta(days=i)).isoformat() for i in range(90)]
    counts = {d: {"sms": i % 9, "whatsapp": (i * 3) % 7, "call": i % 3} for i, d in enumerate(days)}
    stops = [(days[i], "stop_request") for i in (10, 30, 50, 70)]
    grid = [[(r * 24 + c) % 11 for c in range(24)] for r in range(7)]
    points = [
        {"x": f"v{i}", "y": 6 + i * 2, "colour": "#8a5a00" if i < 4 else "#a00000"}
        for i in range(1, 9)
    ]
    return {
        "columns (36 months)": lambda: charts.columns("Reports per month", months),
        "bars (12 offences)": lambda: charts.bars("Reports by offence", offences),
        "stacked days (90 days, 3 channels, 4 stops)": lambda: charts.stacked_days(
            "Contacts per day", days, counts, rules=stops, rule_label="stop request or block"
        ),
        "heatmap (7 x 24)": lambda: charts.heatmap(
            "Contacts by hour of the week",
            grid,
            rows=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            cols=[f"{h:02d}" for h in range(24)],
            row_title="Day",
            col_title="Hour",
        ),
        "line (8 versions)": lambda: charts.line(
            "DASH trend",
            points,
            x_title="Version",
            y_title="DASH score",
            y_domain=[0, 27],
            guides=[(10, "medium 10+"), (14, "high 14+")],
            columns=["Version", "Score"],
            rows=[[p["x"], p["y"]] for p in points],
            description="DASH trend",
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foursight.server.settings")
    import django

    django.setup()
    from foursight.server import charts

    started = time.perf_counter()
    charts.bars("First chart of the process", [("a", 1)])
    first = time.perf_counter() - started
    print(json.dumps({"kind": "first render of the process", "seconds": round(first, 3)}))
    rows = []
    for name, draw in kinds().items():
        times, cached = [], []
        for _ in range(args.repeats):
            charts._svg.cache_clear()  # drawn afresh, as for new figures
            started = time.perf_counter()
            chart = draw()
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            draw()  # the same figures again: from the in-memory cache
            cached.append(time.perf_counter() - started)
        times.sort()
        row = {
            "kind": name,
            "median_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
            "cached_median_ms": round(1000 * statistics.median(cached), 2),
            "svg_bytes": len(str(chart.svg)),
        }
        rows.append(row)
        print(json.dumps(row))
    print(f"\nFirst render of the process: {first:.2f} s\n")
    print("| Chart | Drawn: median | p95 | Cached: median | SVG size |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['kind']} | {r['median_ms']} ms | {r['p95_ms']} ms | "
            f"{r['cached_median_ms']} ms | {r['svg_bytes']:,} B |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
