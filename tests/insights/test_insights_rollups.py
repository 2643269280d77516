"""The rollups answer every dashboard aggregate with the same rows as the raw queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pytest

from foursight.insights.queries import Filters, dashboard_queries, run
from foursight.insights.rollups import build, cube_queries


@pytest.fixture(scope="module")
def con() -> Any:
    db = duckdb.connect()
    db.execute(
        "CREATE TABLE reports AS SELECT i AS id, "
        "TIMESTAMP '2025-01-01' + to_days(CAST(i % 400 AS INTEGER)) "
        "+ to_hours(CAST(i % 24 AS INTEGER)) AS reported_at, 'B' || (i % 3) AS bcu, "
        "CASE WHEN i % 4 = 0 THEN '14' WHEN i % 4 = 1 THEN '1' WHEN i % 7 = 0 THEN '15' "
        "WHEN i % 11 = 0 THEN '16' END AS outcome_code, NULL::DATE AS outcome_date, "
        "CASE WHEN i % 4 = 0 THEN (['fear_of_reprisal', 'other'])[1 + i % 2] ELSE '' END "
        "AS withdrawal_reason, CASE WHEN i % 4 = 1 THEN DATE '2026-03-01' - CAST(i % 50 AS INTEGER) END "
        "AS charged_on, CASE WHEN i % 8 = 1 THEN DATE '2026-06-01' END AS trial_date, "
        "i % 10 = 0 AS cohort FROM range(4000) t(i)"
    )
    db.execute(
        "CREATE TABLE offences AS SELECT id AS report_id, (['8Q', '8L', 'NFS'])[1 + id % 3] "
        "AS code, 'c' AS category FROM reports UNION ALL "
        "SELECT id, 'BSPO', 'b' FROM reports WHERE id % 5 = 0"
    )
    db.execute(
        "CREATE TABLE occasions AS SELECT i % 4000 AS report_id, 'B' || (i % 3) AS bcu, "
        "TIMESTAMP '2025-01-01' + to_days(CAST(i % 300 AS INTEGER)) AS started_at "
        "FROM range(40000) t(i)"
    )
    counts = build(db)
    assert counts["report_cube"] < 4000 and counts["charged"] > 0
    return db


def _norm(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(
        (tuple(round(float(v), 3) if isinstance(v, float) else v for v in r) for r in rows),
        key=repr,
    )


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(date(2025, 2, 1), date(2025, 6, 1), "B1", "8L"),
        Filters(offence="BSPO"),
        Filters(bcu="B2"),
        Filters(month_to=date(2025, 3, 1)),
    ],
)
def test_rollups_match_raw_group_by(con: Any, filters: Filters) -> None:
    raw = dashboard_queries(filters, "?")
    cubes = cube_queries(filters, "?")
    assert [q.name for q in raw] == [q.name for q in cubes]
    for a, b in zip(raw, cubes, strict=True):
        rows = run(con, a)[1]
        assert rows, a.name
        assert _norm(rows) == _norm(run(con, b)[1]), a.name
