"""The one WHERE builder of the insights queries (no database)."""

from __future__ import annotations

from datetime import date

import duckdb

from foursight.insights.filters import Filters, next_month, where


def test_no_filter_is_always_true() -> None:
    assert where(Filters(), "?", date="d", bcu="b", offence="o", report="r") == ("1 = 1", [])


def test_month_range_includes_the_whole_last_month() -> None:
    f = Filters(month_from=date(2025, 11, 1), month_to=date(2025, 12, 1))
    clause, params = where(f, "%s", date="r.reported_at")
    assert clause == "1 = 1 AND r.reported_at >= %s AND r.reported_at < %s"
    assert params == [date(2025, 11, 1), date(2026, 1, 1)]
    assert next_month(date(2025, 12, 1)) == date(2026, 1, 1)


def test_a_filter_applies_only_where_the_table_has_its_column() -> None:
    f = Filters(month_from=date(2025, 1, 1), bcu="N", offence="8Q")
    assert where(f, "?", bcu="bcu") == ("1 = 1 AND bcu = ?", ["N"])
    clause, params = where(f, "?", date="month", bcu="bcu", offence="offence", report="id")
    assert clause == "1 = 1 AND month >= ? AND bcu = ? AND offence = ?"
    assert params == [date(2025, 1, 1), "N", "8Q"]


def test_offence_through_the_report_keeps_reports_with_that_offence() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE reports AS SELECT * FROM (VALUES (1, 'N'), (2, 'N'), (3, 'S')) t(id, bcu)"
    )
    con.execute(
        "CREATE TABLE offences AS SELECT * FROM (VALUES (1, '8Q'), (2, '195'), (3, '8Q')) t(report_id, code)"
    )
    clause, params = where(Filters(bcu="N", offence="8Q"), "?", bcu="bcu", report="id")
    rows = con.execute(f"SELECT id FROM reports WHERE {clause} ORDER BY id", params).fetchall()
    assert rows == [(1,)]
