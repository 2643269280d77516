"""The shared charts: Vega-Lite rendered to SVG, titled, described, tabled, CSP-clean."""

from __future__ import annotations

import re
import time

import pytest

from foursight.server import charts
from foursight.server.charts import Chart

LONG = "Harassment putting people in fear of violence (a label longer than any old cut-off)"


def _labelled(chart: Chart) -> None:
    svg = str(chart.svg)
    head = svg[: svg.index(">")]
    assert head.startswith("<svg") and 'role="img"' in head and 'class="chart"' in head
    found = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', head)
    assert found is not None
    title_id, desc_id = found.groups()
    assert f'<title id="{title_id}">' in svg and f'<desc id="{desc_id}">' in svg
    assert not charts.FORBIDDEN.search(svg)
    assert "<script" not in svg and "style=" not in svg


def test_bars_keep_full_labels_and_show_suppressed_values() -> None:
    chart = charts.bars("Reports by offence", [(LONG, 40), ("Stalking", None)], label="Offence")
    _labelled(chart)
    assert f">{LONG}</text>" in str(chart.svg)  # the whole label, not truncated
    assert "suppressed" in str(chart.svg)
    assert chart.description == f"{LONG}: 40; Stalking: suppressed."
    html = str(chart)
    assert "<figure" in html and "<details" in html
    # a visible title above the chart, and the same title on the table of its numbers
    assert re.search(r"<figcaption[^>]*>Reports by offence</figcaption>", html)
    assert re.search(r"<caption[^>]*>Reports by offence</caption>", html)
    assert re.search(r'<th scope="col"[^>]*>Offence</th>', html)
    assert re.search(r'<th scope="row"[^>]*>Stalking</th>', html)
    assert re.search(r'<td class="[^"]*num">suppressed</td>', html)


def test_titles_and_values_are_escaped() -> None:
    chart = charts.bars("A <b> & c", [("<script>x</script>", 1)])
    _labelled(chart)
    assert "<script>x" not in str(chart) and "&lt;script&gt;" in str(chart)


def test_columns_describe_long_series_and_table_every_value() -> None:
    items = [(f"2025-{m:02d}", m) for m in range(1, 13)] + [(f"2026-{m:02d}", None) for m in (1, 2)]
    chart = charts.columns("Reports per month", items, value="Reports")
    _labelled(chart)
    assert chart.description.startswith("14 values from 2025-01 to 2026-02; highest 12")
    assert len(chart.rows) == 14 and chart.rows[-1] == ("2026-02", "suppressed")


def test_stacked_days_mark_the_stops_and_heatmap_tables_every_cell() -> None:
    days = ["2024-03-01", "2024-03-02", "2024-03-03"]
    counts = {"2024-03-01": {"sms": 3}, "2024-03-03": {"sms": 1, "whatsapp": 2}}
    chart = charts.stacked_days(
        "Contacts", days, counts, rules=[("2024-03-02", "stop")], rule_label="stop or block"
    )
    _labelled(chart)
    assert 'stroke-dasharray="4,3"' in str(chart.svg) and "stop or block" in str(chart.svg)
    assert chart.columns == ("Day", "sms", "whatsapp")
    assert chart.rows == (("2024-03-01", "3", "0"), ("2024-03-03", "1", "2"))
    grid = [[0] * 24 for _ in range(7)]
    grid[2][21] = 9
    heat = charts.heatmap(
        "Hours",
        grid,
        rows=list("MTWTFSS"),
        cols=[str(h) for h in range(24)],
        row_title="Day",
        col_title="Hour",
    )
    _labelled(heat)
    assert "busiest cell is W 21 with 9" in heat.description and len(heat.rows) == 7


@pytest.mark.parametrize("empty", [charts.bars, charts.columns])
def test_no_data_is_said_in_words(empty: object) -> None:
    chart = empty("Nothing yet", [])  # type: ignore[operator]
    _labelled(chart)
    assert chart.description == "No data." and "No data to chart." in str(chart.svg)
    assert "No data." in str(chart)


def test_render_time_after_the_first_chart() -> None:
    charts.bars("warm", [("a", 1)])
    started = time.perf_counter()
    charts.columns("Per month", [(f"2025-{m:02d}", m) for m in range(1, 13)])
    assert time.perf_counter() - started < 2.0


def test_the_same_figures_are_drawn_once_and_new_figures_afresh() -> None:
    charts._svg.cache_clear()
    one = charts.bars("Cached", [("a", 1)])
    again = charts.bars("Cached", [("a", 1)])
    other = charts.bars("Cached", [("a", 2)])
    info = charts._svg.cache_info()
    assert (info.hits, info.misses) == (1, 2)
    assert one.svg == again.svg and one.ident == again.ident and other.ident != one.ident
