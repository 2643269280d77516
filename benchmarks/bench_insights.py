"""Insights benchmark: the dashboard's aggregates on DuckDB (over a Parquet export)
against the same SQL as PostgreSQL GROUP BY queries, on 1,000,000 reports and
10,000,000 occasions.

Usage (from the repository root, with a PostgreSQL the user may create databases on):

    nice .venv/bin/python benchmarks/bench_insights.py
    nice .venv/bin/python benchmarks/bench_insights.py --reports 100000 --occasions 10
    nice .venv/bin/python benchmarks/bench_insights.py --pg postgresql://postgres@127.0.0.1:5432/postgres

Steps: (1) generate the tables inside PostgreSQL with ``generate_series`` (seeded, so
every run makes the same data), in a scratch database that is dropped at the end;
(2) export them to Parquet (COPY ... TO STDOUT as CSV, converted by DuckDB), timed;
(3) build the rollups (``foursight.insights.rollups``) from the Parquet files with
DuckDB, as the app's refresh does, timed; (4) run every dashboard aggregate ``--repeats``
times on DuckDB from the rollups (what the app does), on DuckDB from the raw Parquet,
and on PostgreSQL as plain GROUP BY queries over the raw tables (``queries.py``, the
same SQL text); the first rollup run is the "cold" figure; (5) check that every engine
gives the same rows. Prints one JSON line per measurement and a
Markdown table; ``--out FILE`` appends the JSON lines to FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import psycopg

from foursight.insights.queries import Filters, Query, dashboard_queries, run
from foursight.insights.rollups import BUILD, cube_queries

BCUS = 12
OFFENCES = [
    "8Q",
    "8L",
    "8M",
    "8R",
    "8U",
    "8P",
    "BRO",
    "BSPO",
    "BNMO",
    "3A",
    "NFS",
    "105A",
    "8N",
    "58",
]
CATEGORY = {
    **dict.fromkeys(["8Q", "8L", "8M", "8R", "8U", "8P"], "stalking_harassment"),
    **dict.fromkeys(["BRO", "BSPO", "BNMO"], "breach_of_order"),
    **dict.fromkeys(["NFS", "105A", "8N"], "assault_strangulation"),
    "3A": "violence",
    "58": "property",
}


def generate(pg: psycopg.Connection[Any], reports: int, per_report: int) -> dict[str, float]:
    """Build reports, offences and occasions in PostgreSQL; seconds per table.

    A report has one or two different offences (the app stores each code once per report).
    """
    timings = {}
    cur = pg.cursor()
    cur.execute("SELECT setseed(0.42)")
    offences = "ARRAY[" + ",".join(f"'{c}'" for c in OFFENCES) + "]"
    categories = "ARRAY[" + ",".join(f"'{CATEGORY[c]}'" for c in OFFENCES) + "]"
    start = time.perf_counter()
    cur.execute(
        f"""
        CREATE UNLOGGED TABLE reports AS
        WITH base AS (
          SELECT i AS id,
                 timestamp '2023-01-01' + (random() * 1095) * interval '1 day' AS reported_at,
                 'B' || lpad((1 + (i::bigint * 7919) % {BCUS})::text, 2, '0') AS bcu,
                 random() AS u, random() AS v
          FROM generate_series(1, {reports}) AS i)
        SELECT id, reported_at, bcu,
          CASE WHEN u < 0.30 THEN '16' WHEN u < 0.45 THEN '14' WHEN u < 0.60 THEN '15'
               WHEN u < 0.72 THEN '1' WHEN u < 0.76 THEN '8' WHEN u < 0.92 THEN '18'
               ELSE NULL END AS outcome_code,
          CASE WHEN u < 0.92 THEN (reported_at + interval '60 days')::date END AS outcome_date,
          CASE WHEN u < 0.45 THEN (ARRAY['fear_of_reprisal','relationship_continuing',
               'process_too_long','does_not_want_prosecution','lack_of_support','moved_away',
               'other'])[1 + floor(v * 7)::int] ELSE '' END AS withdrawal_reason,
          CASE WHEN u >= 0.60 AND u < 0.72
               THEN (reported_at + (10 + floor(v * 110)) * interval '1 day')::date END
               AS charged_on,
          CASE WHEN u >= 0.60 AND u < 0.66
               THEN (reported_at + (90 + floor(v * 300)) * interval '1 day')::date END
               AS trial_date,
          (v < 0.05) AS cohort
        FROM base
        """
    )
    timings["reports"] = time.perf_counter() - start
    start = time.perf_counter()
    cur.execute(
        f"""
        CREATE UNLOGGED TABLE offences AS
        WITH pick AS (
          SELECT id, 1 + floor(random() * {len(OFFENCES)})::int AS k, random() < 0.3 AS two
          FROM reports)
        SELECT id AS report_id, ({offences})[k] AS code, ({categories})[k] AS category
        FROM pick
        UNION ALL
        SELECT id, ({offences})[1 + k % {len(OFFENCES)}],
               ({categories})[1 + k % {len(OFFENCES)}]
        FROM pick WHERE two
        """
    )
    timings["offences"] = time.perf_counter() - start
    start = time.perf_counter()
    cur.execute(
        f"""
        CREATE UNLOGGED TABLE occasions AS
        SELECT r.id AS report_id, r.bcu,
               r.reported_at - (random() * 90) * interval '1 day' AS started_at
        FROM generate_series(1, {per_report}) AS k, reports r
        """
    )
    timings["occasions"] = time.perf_counter() - start
    start = time.perf_counter()
    cur.execute("CREATE INDEX ON offences (report_id)")
    cur.execute("CREATE INDEX ON occasions (report_id)")
    cur.execute("ALTER TABLE reports ADD PRIMARY KEY (id)")
    cur.execute("ANALYZE")
    timings["indexes_and_analyze"] = time.perf_counter() - start
    pg.commit()
    return timings


COLUMNS = {
    "reports": "id, reported_at, bcu, outcome_code, outcome_date, withdrawal_reason, "
    "charged_on, trial_date, cohort",
    "offences": "report_id, code, category",
    "occasions": "report_id, bcu, started_at",
}
TYPES = {
    "reports": {
        "id": "BIGINT",
        "reported_at": "TIMESTAMP",
        "bcu": "VARCHAR",
        "outcome_code": "VARCHAR",
        "outcome_date": "DATE",
        "withdrawal_reason": "VARCHAR",
        "charged_on": "DATE",
        "trial_date": "DATE",
        "cohort": "BOOLEAN",
    },
    "offences": {"report_id": "BIGINT", "code": "VARCHAR", "category": "VARCHAR"},
    "occasions": {"report_id": "BIGINT", "bcu": "VARCHAR", "started_at": "TIMESTAMP"},
}


def export(pg: psycopg.Connection[Any], out: Path) -> dict[str, float]:
    """PostgreSQL -> CSV stream -> Parquet (DuckDB); seconds per table."""
    timings = {}
    duck = duckdb.connect()
    for table, cols in COLUMNS.items():
        start = time.perf_counter()
        csv_path = out / f"{table}.csv"
        with (
            pg.cursor().copy(
                f"COPY (SELECT {cols} FROM {table}) TO STDOUT WITH (FORMAT csv)"
            ) as copy,
            csv_path.open("wb") as fh,
        ):
            for chunk in copy:
                fh.write(chunk)
        types = ", ".join(f"'{k}': '{v}'" for k, v in TYPES[table].items())
        duck.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header=false, columns={{{types}}})) "
            f"TO '{out / (table + '.parquet')}' (FORMAT parquet)"
        )
        csv_path.unlink()
        timings[table] = time.perf_counter() - start
    duck.close()
    return timings


def build_rollups(out: Path, threads: int) -> dict[str, float]:
    """The app's refresh step after the export: rollups from the raw Parquet, to Parquet."""
    con = duck_connect(out, threads, with_rollups=False)
    timings = {}
    for name, sql in BUILD.items():
        start = time.perf_counter()
        con.execute(f"COPY ({sql}) TO '{out / (name + '.parquet')}' (FORMAT parquet)")
        timings[name] = time.perf_counter() - start
    con.close()
    return timings


def duck_connect(
    out: Path, threads: int, *, with_rollups: bool = True
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    for table in (*COLUMNS, *(BUILD if with_rollups else ())):
        con.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{out / (table + '.parquet')}')"
        )
    return con


def _norm(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        out.append(
            tuple(
                round(float(v), 3)
                if isinstance(v, float) or hasattr(v, "as_tuple")
                else (
                    v.replace(tzinfo=None)
                    if hasattr(v, "tzinfo") and v is not None and hasattr(v, "hour")
                    else v
                )
                for v in row
            )
        )
    return sorted(out, key=repr)


def measure(
    con: Any, queries: list[Query], repeats: int
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    times: dict[str, list[float]] = {q.name: [] for q in queries}
    results = {}
    for _ in range(repeats):
        for q in queries:
            start = time.perf_counter()
            _, rows = run(con, q)
            times[q.name].append(time.perf_counter() - start)
            results[q.name] = rows
    return times, results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--occasions", type=int, default=10, help="occasions per report")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads")
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    scratch = f"bench_insights_{os.getpid()}"
    lines: list[dict[str, Any]] = []
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {scratch}")
    base = args.pg.rsplit("/", 1)[0]
    try:
        with psycopg.connect(f"{base}/{scratch}") as pg, tempfile.TemporaryDirectory() as tmp:
            gen = generate(pg, args.reports, args.occasions)
            counts = {t: pg.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COLUMNS}  # type: ignore[index]
            lines.append({"step": "generate_postgresql", "rows": counts, "seconds": gen})
            exp = export(pg, Path(tmp))
            lines.append({"step": "export_parquet", "seconds": exp, "total": sum(exp.values())})
            roll = build_rollups(Path(tmp), args.threads)
            lines.append({"step": "build_rollups", "seconds": roll, "total": sum(roll.values())})
            scenarios = {
                "force, all months": Filters(),
                "one BCU, 12 months, one offence": Filters(
                    date(2024, 1, 1), date(2024, 12, 1), "B03", "8Q"
                ),
            }
            duck = duck_connect(Path(tmp), args.threads)
            for label, filters in scenarios.items():
                cq, dq, pq_ = (
                    cube_queries(filters, "?"),
                    dashboard_queries(filters, "?"),
                    dashboard_queries(filters, "%s"),
                )
                c_times, c_rows = measure(duck, cq, args.repeats)
                d_times, d_rows = measure(duck, dq, args.repeats)
                p_times, p_rows = measure(pg, pq_, args.repeats)
                for q in dq:
                    lines.append(
                        {
                            "scenario": label,
                            "query": q.name,
                            "duckdb_rollup_cold_s": round(c_times[q.name][0], 4),
                            "duckdb_rollup_best_s": round(min(c_times[q.name]), 4),
                            "duckdb_raw_best_s": round(min(d_times[q.name]), 4),
                            "postgresql_best_s": round(min(p_times[q.name]), 4),
                            "postgresql_median_s": round(statistics.median(p_times[q.name]), 4),
                            "same_rows_rollup_vs_postgresql": _norm(c_rows[q.name])
                            == _norm(p_rows[q.name]),
                            "same_rows_raw_vs_postgresql": _norm(d_rows[q.name])
                            == _norm(p_rows[q.name]),
                        }
                    )
                n = args.repeats
                lines.append(
                    {
                        "scenario": label,
                        "query": "DASHBOARD (all of the above)",
                        "duckdb_rollup_runs_s": [
                            round(sum(c_times[q.name][i] for q in cq), 3) for i in range(n)
                        ],
                        "duckdb_raw_runs_s": [
                            round(sum(d_times[q.name][i] for q in dq), 3) for i in range(n)
                        ],
                        "postgresql_runs_s": [
                            round(sum(p_times[q.name][i] for q in dq), 3) for i in range(n)
                        ],
                    }
                )
            duck.close()
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {scratch}")
    for line in lines:
        print(json.dumps(line, default=str))
    if args.out:
        with args.out.open("a") as fh:
            for line in lines:
                fh.write(json.dumps(line, default=str) + "\n")


if __name__ == "__main__":
    main()
