"""Funnel benchmark: the insights funnel (report → arrest → charge → conviction, reasons
for leaving, days from report, arrests by category, victims) on 1,000,000 reports.

Usage (from the repository root; DuckDB only, no database server):

    nice .venv/bin/python benchmarks/bench_funnel.py
    nice .venv/bin/python benchmarks/bench_funnel.py --reports 100000 --repeats 5

Steps: (1) generate the export tables the funnel reads (``reports``, ``path_reports``,
``arrests``, ``victims``, ``phones``; the shapes of ``insights/warehouse.py`` and
``insights/path_export.py``) in DuckDB with a fixed seed, in proportions like the
London Stalking Review's (45% victim withdrawal, 15% evidential difficulties, 12%
charged; a third of reports with an arrest); (2) write them to Parquet and build the
funnel rollups (``insights.funnel.BUILD``) from the files, as the app's refresh does,
timed; (3) open a fresh DuckDB over the Parquet files, as the app does per request, and
time ``insights.funnel.funnel`` (the whole API answer) force-wide and for one BCU over
12 months, ``--repeats`` times each; the first run is the cold figure. Prints JSON lines.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from foursight.insights.funnel import BUILD, funnel
from foursight.insights.queries import Filters

TABLES = ("reports", "path_reports", "arrests", "victims", "phones")


def generate(con: duckdb.DuckDBPyConnection, reports: int) -> None:
    con.execute("SELECT setseed(0.42)")
    con.execute(
        f"""
        CREATE TABLE base AS SELECT i AS id, random() AS u, random() AS v, random() AS w,
          TIMESTAMP '2023-01-01' + to_seconds(CAST(random() * 3 * 365 * 86400 AS BIGINT))
            AS reported_at,
          'B' || lpad(CAST(CAST(floor(random() * 12) AS INT) AS VARCHAR), 2, '0') AS bcu
        FROM range({reports}) t(i)
        """
    )
    con.execute(
        """
        CREATE TABLE reports AS SELECT id, reported_at, bcu,
          CASE WHEN u < 0.45 THEN (CASE WHEN v < 0.5 THEN '14' ELSE '16' END)
               WHEN u < 0.60 THEN '15' WHEN u < 0.72 THEN '1' WHEN u < 0.76 THEN '3'
               WHEN u < 0.80 THEN '18' WHEN u < 0.90 THEN '21' ELSE NULL END AS outcome_code,
          CAST(reported_at AS DATE) + 120 AS outcome_date,
          CASE WHEN u < 0.45 THEN (['fear_of_reprisal', 'relationship_continuing',
            'process_too_long', 'does_not_want_prosecution'])[1 + CAST(floor(v * 4) AS INT)]
            ELSE '' END AS withdrawal_reason,
          CASE WHEN u >= 0.60 AND u < 0.72
            THEN CAST(reported_at AS DATE) + CAST(20 + w * 200 AS INT) END AS charged_on,
          CASE WHEN u >= 0.60 AND u < 0.66
            THEN CAST(reported_at AS DATE) + CAST(400 + w * 600 AS INT) END AS trial_date,
          v < 0.05 AS cohort,
          (['online', 'phone_101', 'phone_999', 'in_person'])[1 + CAST(floor(w * 4) AS INT)]
            AS channel,
          v < 0.3 AS domestic_abuse, w < 0.6 AS cyber_element
        FROM base
        """
    )
    con.execute(
        """
        CREATE TABLE path_reports AS SELECT r.id AS report_id,
          CAST(r.reported_at AS DATE) + CAST(1 + b.w * 60 AS INT) AS arrested_on,
          r.charged_on,
          CASE WHEN r.charged_on IS NOT NULL THEN r.charged_on + 28 END AS first_hearing_on,
          r.trial_date AS trial_on,
          CASE WHEN r.trial_date IS NOT NULL THEN r.trial_date + 3 END AS verdict_on,
          r.trial_date IS NOT NULL AND b.v < 0.7 AS convicted,
          CASE WHEN r.trial_date IS NOT NULL AND b.v >= 0.7 THEN 'not_guilty' END
            AS court_result,
          CASE WHEN r.outcome_code = '15' THEN 'lack_of_evidence'
               WHEN r.outcome_code IN ('14', '16') AND b.v < 0.3 THEN 'victim_withdrawal'
               WHEN r.outcome_code = '21' THEN 'public_interest' END AS nfa_reason,
          CASE WHEN r.outcome_code IN ('14', '16') AND b.v < 0.3 THEN r.withdrawal_reason
               ELSE '' END AS withdrawal_reason,
          r.outcome_code = '3' AS out_of_court, false AS circulated
        FROM reports r JOIN base b ON b.id = r.id
        WHERE r.charged_on IS NOT NULL OR b.w < 0.25
        """
    )
    con.execute(
        """
        CREATE TABLE arrests AS SELECT p.report_id AS step_id, p.report_id, r.bcu,
          p.arrested_on, c.category, hash(p.report_id) % 5 = 0 AS operational
        FROM path_reports p JOIN reports r ON r.id = p.report_id,
          (SELECT unnest(['stalking_harassment', 'assault_strangulation']) AS category) c
        WHERE c.category = 'stalking_harassment' OR hash(p.report_id) % 3 = 0
        """
    )
    con.execute(
        """
        CREATE TABLE victims AS SELECT id AS report_id,
          CAST(floor(u * 0.7 * (SELECT count(*) FROM base)) AS BIGINT) AS victim_key,
          CASE WHEN v < 0.8 THEN 'female' WHEN v < 0.97 THEN 'male' ELSE 'unknown' END
            AS gender,
          CASE WHEN w < 0.1 THEN NULL ELSE w < 0.18 END AS under_18
        FROM base
        """
    )
    con.execute("CREATE TABLE phones AS SELECT id AS report_id FROM base WHERE w > 0.6")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        con = duckdb.connect()
        start = time.perf_counter()
        generate(con, args.reports)
        counts = {t: _count(con, t) for t in TABLES}
        print(
            json.dumps({"step": "generate", "s": round(time.perf_counter() - start, 2), **counts})
        )
        for t in TABLES:
            con.execute(f"COPY {t} TO '{out / t}.parquet' (FORMAT parquet)")
        con.close()
        con = duckdb.connect()
        for t in TABLES:
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{out / t}.parquet')")
        start = time.perf_counter()
        for name, sql in BUILD.items():
            con.execute(f"COPY ({sql}) TO '{out / name}.parquet' (FORMAT parquet)")
        rows = {}
        for name in BUILD:
            rows[name] = _count(con, f"read_parquet('{out / name}.parquet')")
        print(json.dumps({"step": "rollups", "s": round(time.perf_counter() - start, 2), **rows}))
        con.close()

        class Scope:
            def __init__(self, bcu: str | None) -> None:
                self.bcu, self.threshold = bcu, 10

        scenarios: dict[str, tuple[Filters, Any]] = {
            "force, all months": (Filters(), Scope(None)),
            "one BCU, 12 months": (Filters(date(2024, 1, 1), date(2024, 12, 1)), Scope("B03")),
        }
        for label, (filters, scope) in scenarios.items():
            runs = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                con = duckdb.connect()  # as the app: a fresh connection over the files
                for name in (*TABLES, *BUILD):
                    con.execute(
                        f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{out / name}.parquet')"
                    )
                result = funnel(con, filters, scope)
                con.close()
                runs.append(round(time.perf_counter() - start, 3))
            stages = {s["stage"]: s["count"] for s in result["stages"]}
            print(
                json.dumps(
                    {
                        "scenario": label,
                        "runs_s": runs,
                        "stages": stages,
                        "median_days_to_trial": result["time_from_report"]["trial"]["median_days"],
                    }
                )
            )


if __name__ == "__main__":
    main()
