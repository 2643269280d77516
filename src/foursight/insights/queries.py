# ruff: noqa: S608  (SQL from fixed fragments; every value is a bound parameter)
"""The insight aggregates as SQL that runs unchanged on DuckDB and on PostgreSQL.

The tables (an export of the operational database, see ``warehouse.py``; the benchmark
builds the same shape in PostgreSQL):

* ``reports(id, reported_at, bcu, outcome_code, outcome_date, withdrawal_reason,
  charged_on, trial_date, cohort)`` (``reported_at`` a UTC timestamp, ``cohort`` true for
  reports whose suspect is on the highest-harm list);
* ``offences(report_id, code, category)``;
* ``occasions(report_id, bcu, started_at)``.

No Django here: the benchmark imports this module on its own. Every function takes a
DB-API connection, the placeholder style (``?`` for DuckDB, ``%s`` for psycopg) and the
filters (:mod:`foursight.insights.filters`, the one WHERE builder), and returns plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from foursight.insights.filters import Filters, where

__all__ = ["Filters", "Query", "dashboard_queries", "run"]

CHARGE = ("1", "1A")
OUT_OF_COURT = ("2", "2A", "3", "3A", "4", "6", "7", "8")
WITHDRAWAL = ("14", "16")
EVIDENTIAL = ("15",)


def _in(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{c}'" for c in codes) + ")"


ATTRITION_COLUMNS = (
    "reports",
    "with_outcome",
    "victim_withdrawal",
    "evidential_difficulties",
    "charge_summons",
    "detected",
)


def _attrition_select() -> str:
    return (
        "count(*) AS reports, "
        "count(r.outcome_code) AS with_outcome, "
        f"count(*) FILTER (WHERE r.outcome_code IN {_in(WITHDRAWAL)}) AS victim_withdrawal, "
        f"count(*) FILTER (WHERE r.outcome_code IN {_in(EVIDENTIAL)}) AS evidential_difficulties, "
        f"count(*) FILTER (WHERE r.outcome_code IN {_in(CHARGE)}) AS charge_summons, "
        f"count(*) FILTER (WHERE r.outcome_code IN {_in(CHARGE + OUT_OF_COURT)}) AS detected"
    )


@dataclass
class Query:
    """One named aggregate: its SQL and parameters, ready for either database."""

    name: str
    sql: str
    params: list[Any] = field(default_factory=list)


def dashboard_queries(f: Filters, mark: str) -> list[Query]:
    """Every aggregate the insights dashboard shows, for the given filters."""
    clause, params = where(f, mark, date="r.reported_at", bcu="r.bcu", report="r.id")
    by_offence, offence_params = where(f, mark, date="r.reported_at", bcu="r.bcu", offence="o.code")
    attrition = _attrition_select()
    month = "date_trunc('month', r.reported_at)"
    return [
        Query(
            "reports_by_month_offence",
            f"SELECT {month} AS month, o.code AS offence, count(*) AS n FROM reports r "
            f"JOIN offences o ON o.report_id = r.id WHERE {by_offence} GROUP BY 1, 2 ORDER BY 1, 2",
            offence_params,
        ),
        Query(
            "occasions_by_month_bcu",
            "SELECT date_trunc('month', c.started_at) AS month, c.bcu, count(*) AS n "
            f"FROM occasions c WHERE c.report_id IN (SELECT r.id FROM reports r WHERE {clause}) "
            "GROUP BY 1, 2 ORDER BY 1, 2"
            if f.any
            else "SELECT date_trunc('month', c.started_at) AS month, c.bcu, count(*) AS n "
            "FROM occasions c GROUP BY 1, 2 ORDER BY 1, 2",
            params if f.any else [],
        ),
        Query("attrition", f"SELECT {attrition} FROM reports r WHERE {clause}", params),
        Query(
            "attrition_by_month",
            f"SELECT {month} AS month, {attrition} FROM reports r WHERE {clause} "
            "GROUP BY 1 ORDER BY 1",
            params,
        ),
        Query(
            "attrition_by_bcu",
            f"SELECT r.bcu, {attrition} FROM reports r WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ),
        Query(
            "attrition_by_offence",
            f"SELECT o.code AS offence, {attrition} FROM reports r "
            f"JOIN offences o ON o.report_id = r.id WHERE {by_offence} GROUP BY 1 ORDER BY 1",
            offence_params,
        ),
        Query(
            "withdrawal_reasons",
            "SELECT r.withdrawal_reason AS reason, count(*) AS n FROM reports r "
            f"WHERE {clause} AND r.outcome_code IN {_in(WITHDRAWAL)} GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        ),
        Query(
            "time_to_charge_and_trial",
            "SELECT count(r.charged_on) AS charged, "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY "
            "(r.charged_on - CAST(r.reported_at AS DATE))) AS median_days_to_charge, "
            "avg(r.charged_on - CAST(r.reported_at AS DATE)) AS mean_days_to_charge, "
            "count(r.trial_date) AS tried, "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY "
            "(r.trial_date - CAST(r.reported_at AS DATE))) AS median_days_to_trial, "
            "avg(r.trial_date - CAST(r.reported_at AS DATE)) AS mean_days_to_trial "
            f"FROM reports r WHERE {clause}",
            params,
        ),
        Query(
            "cohort",
            f"SELECT r.cohort, {attrition} FROM reports r WHERE {clause} GROUP BY 1 ORDER BY 1",
            params,
        ),
    ]


def run(con: Any, query: Query) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one aggregate on a DB-API connection (DuckDB or psycopg): columns and rows."""
    cur = con.cursor()
    cur.execute(query.sql, query.params)
    columns = [d[0] for d in cur.description]
    rows = [tuple(r) for r in cur.fetchall()]
    return columns, rows
