# ruff: noqa: S608  (SQL from fixed fragments; every value is a bound parameter)
"""Rollups: the dashboard's aggregates answered from small pre-aggregated tables.

The export step (``warehouse.refresh``, or the benchmark) runs :data:`BUILD` in DuckDB
over the raw tables of ``queries.py``, once; :func:`cube_queries` then answers every
query of ``queries.dashboard_queries`` with the same columns and the same rows, reading
thousands of rows instead of millions. The benchmark and the tests check that the rows
are the same as the raw GROUP BY queries give.

* ``report_cube(month, bcu, outcome_code, withdrawal_reason, cohort, n)``: reports;
* ``offence_cube(month, bcu, offence, outcome_code, withdrawal_reason, cohort, n)``:
  one row per report and offence, for the offence filter and the by-offence figures;
* ``occasion_cube(occasion_month, bcu, month, n)`` and ``occasion_offence_cube(...,
  offence, n)``: occasions by their own month and BCU and their report's month;
* ``charged(report_id, month, bcu, cohort, days_to_charge, days_to_trial)``: the few
  reports with a charge or trial date, for the medians.
"""

from __future__ import annotations

from typing import Any

from foursight.insights.filters import Filters, where
from foursight.insights.queries import (
    CHARGE,
    EVIDENTIAL,
    OUT_OF_COURT,
    WITHDRAWAL,
    Query,
    _in,
)

BUILD: dict[str, str] = {
    "report_cube": (
        "SELECT date_trunc('month', reported_at) AS month, bcu, outcome_code, "
        "withdrawal_reason, cohort, count(*) AS n FROM reports GROUP BY ALL"
    ),
    "offence_cube": (
        "SELECT date_trunc('month', r.reported_at) AS month, r.bcu, o.code AS offence, "
        "r.outcome_code, r.withdrawal_reason, r.cohort, count(*) AS n "
        "FROM reports r JOIN offences o ON o.report_id = r.id GROUP BY ALL"
    ),
    "occasion_cube": (
        "SELECT date_trunc('month', c.started_at) AS occasion_month, c.bcu, "
        "date_trunc('month', r.reported_at) AS month, r.bcu AS report_bcu, count(*) AS n "
        "FROM occasions c JOIN reports r ON r.id = c.report_id GROUP BY ALL"
    ),
    "occasion_offence_cube": (
        "SELECT date_trunc('month', c.started_at) AS occasion_month, c.bcu, "
        "date_trunc('month', r.reported_at) AS month, r.bcu AS report_bcu, "
        "o.code AS offence, count(*) AS n FROM occasions c "
        "JOIN reports r ON r.id = c.report_id JOIN offences o ON o.report_id = r.id "
        "GROUP BY ALL"
    ),
    "charged": (
        "SELECT id AS report_id, date_trunc('month', reported_at) AS month, bcu, cohort, "
        "charged_on - CAST(reported_at AS DATE) AS days_to_charge, "
        "trial_date - CAST(reported_at AS DATE) AS days_to_trial FROM reports "
        "WHERE charged_on IS NOT NULL OR trial_date IS NOT NULL"
    ),
}


def build(con: Any) -> dict[str, int]:
    """Create the rollup tables in a DuckDB connection that has the raw tables; row counts."""
    counts = {}
    for name, sql in BUILD.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")
        counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return counts


def _sum(condition: str) -> str:
    return f"coalesce(sum(n) FILTER (WHERE {condition}), 0)"


def _attrition() -> str:
    return (
        "coalesce(sum(n), 0) AS reports, "
        f"{_sum('outcome_code IS NOT NULL')} AS with_outcome, "
        f"{_sum(f'outcome_code IN {_in(WITHDRAWAL)}')} AS victim_withdrawal, "
        f"{_sum(f'outcome_code IN {_in(EVIDENTIAL)}')} AS evidential_difficulties, "
        f"{_sum(f'outcome_code IN {_in(CHARGE)}')} AS charge_summons, "
        f"{_sum(f'outcome_code IN {_in(CHARGE + OUT_OF_COURT)}')} AS detected"
    )


def cube_queries(f: Filters, mark: str = "?") -> list[Query]:
    """The same aggregates as ``dashboard_queries(f)``, from the rollup tables."""
    cube = "offence_cube" if f.offence else "report_cube"
    clause, params = where(f, mark, date="month", bcu="bcu", offence="offence")
    attrition = _attrition()
    occasions = "occasion_offence_cube" if f.offence else "occasion_cube"
    occ_where, occ_params = where(f, mark, date="month", bcu="report_bcu", offence="offence")
    charged_where, charged_params = where(f, mark, date="month", bcu="bcu", report="report_id")
    median = "percentile_cont(0.5) WITHIN GROUP (ORDER BY {0})"
    return [
        Query(
            "reports_by_month_offence",
            f"SELECT month, offence, sum(n) AS n FROM offence_cube WHERE {clause} "
            "GROUP BY 1, 2 ORDER BY 1, 2",
            params,
        ),
        Query(
            "occasions_by_month_bcu",
            f"SELECT occasion_month AS month, bcu, sum(n) AS n FROM {occasions} "
            f"WHERE {occ_where} GROUP BY 1, 2 ORDER BY 1, 2",
            occ_params,
        ),
        Query("attrition", f"SELECT {attrition} FROM {cube} WHERE {clause}", params),
        Query(
            "attrition_by_month",
            f"SELECT month, {attrition} FROM {cube} WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ),
        Query(
            "attrition_by_bcu",
            f"SELECT bcu, {attrition} FROM {cube} WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ),
        Query(
            "attrition_by_offence",
            f"SELECT offence, {attrition} FROM offence_cube WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ),
        Query(
            "withdrawal_reasons",
            f"SELECT withdrawal_reason AS reason, sum(n) AS n FROM {cube} WHERE {clause} "
            f"AND outcome_code IN {_in(WITHDRAWAL)} GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        ),
        Query(
            "time_to_charge_and_trial",
            "SELECT count(days_to_charge) AS charged, "
            f"{median.format('days_to_charge')} AS median_days_to_charge, "
            "avg(days_to_charge) AS mean_days_to_charge, count(days_to_trial) AS tried, "
            f"{median.format('days_to_trial')} AS median_days_to_trial, "
            f"avg(days_to_trial) AS mean_days_to_trial FROM charged WHERE {charged_where}",
            charged_params,
        ),
        Query(
            "cohort",
            f"SELECT cohort, {attrition} FROM {cube} WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ),
    ]
