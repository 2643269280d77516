"""Aggregate tables for download, as CSV or Parquet (never a record about a person)."""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from foursight.errors import InvalidInput
from foursight.insights.queries import ATTRITION_COLUMNS

TABLES = (
    "attrition_by_month",
    "attrition_by_bcu",
    "attrition_by_offence",
    "withdrawal_reasons",
    "reports_by_month_offence",
)
FORMATS = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def rows_for(table: str, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """One aggregate table of the dashboard figures as flat rows (suppressed cells empty)."""
    attrition = figures["attrition"]
    if table.startswith("attrition_by_"):
        key = table.removeprefix("attrition_by_")
        out = []
        for row in attrition[f"by_{key}"]:
            flat = {key: row[key], **{c: row[c] for c in ATTRITION_COLUMNS}}
            flat.update({f"share_{s}": v for s, v in row["shares"].items()})
            flat["charge_rate"], flat["detection_rate"] = row["charge_rate"], row["detection_rate"]
            out.append(flat)
        return out
    if table == "withdrawal_reasons":
        return [
            {"reason": r["reason"], "name": r["name"], "n": r["n"]}
            for r in attrition["withdrawal_reasons"]
        ]
    if table == "reports_by_month_offence":
        return [
            {"month": month, "offence": code, "n": n}
            for month, cells in figures["reports_by_month_offence"].items()
            for code, n in sorted(cells.items())
        ]
    raise InvalidInput(f"table: one of {', '.join(TABLES)}", field="table")


def encode(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The rows as CSV or Parquet bytes."""
    if fmt not in FORMATS:
        raise InvalidInput("format: csv or parquet", field="format")
    table = pa.Table.from_pylist(rows) if rows else pa.table({"empty": pa.array([], pa.int64())})
    sink = io.BytesIO()
    if fmt == "csv":
        pacsv.write_csv(table, sink)
    else:
        pq.write_table(table, sink)
    return sink.getvalue()
