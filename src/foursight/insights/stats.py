# ruff: noqa: S608  (SQL from fixed fragments; every value is a bound parameter)
"""The insight figures for a scope and filters, computed by DuckDB over the export.

Plain dicts out, with small numbers suppressed when the scope says so
(:mod:`foursight.core.disclosure`): a suppressed count is ``None``, every other count is
rounded to the threshold's base, and a rate is computed from the released counts (``None``
when its base or count is suppressed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from foursight.core import disclosure, reference
from foursight.errors import InvalidInput
from foursight.insights.access import Scope
from foursight.insights.filters import Filters, where
from foursight.insights.queries import ATTRITION_COLUMNS, Query, run
from foursight.insights.rollups import cube_queries

SHARES = ("victim_withdrawal", "evidential_difficulties", "charge_summons")


def parse_filters(month_from: str | None, month_to: str | None, offence: str | None) -> Filters:
    """Filters from ``YYYY-MM`` months and an offence code; errors name the field."""
    months = {}
    for field, value in (("month_from", month_from), ("month_to", month_to)):
        if value:
            try:
                year, month = (int(p) for p in value.split("-"))
                months[field] = date(year, month, 1)
            except ValueError as exc:
                raise InvalidInput(f"{field}: give a month as YYYY-MM", field=field) from exc
    if months.get("month_from") and months.get("month_to"):
        if months["month_to"] < months["month_from"]:
            raise InvalidInput("month_to: before month_from", field="month_to")
    code = (offence or "").strip() or None
    if code and code not in reference.code_names(reference.offences()):
        raise InvalidInput(f"offence: unknown offence code {code!r}", field="offence")
    return Filters(months.get("month_from"), months.get("month_to"), None, code)


def _cell(n: Any, threshold: int) -> int | None:
    """A count as released under the scope's threshold (withheld if small, else rounded)."""
    return disclosure.release(int(n or 0), threshold)


def _rate(count: int | None, base: int | None, threshold: int) -> float | None:
    """A rate from released counts only (an exact rate would give a rounded count back)."""
    rate = disclosure.released_rate(count, base, threshold)
    return None if rate is None else round(rate, 4)


def _attrition_row(values: dict[str, Any], threshold: int) -> dict[str, Any]:
    row: dict[str, Any] = {c: _cell(values[c], threshold) for c in ATTRITION_COLUMNS}
    row["shares"] = {s: _rate(row[s], row["with_outcome"], threshold) for s in SHARES}
    row["charge_rate"] = _rate(row["charge_summons"], row["reports"], threshold)
    row["detection_rate"] = _rate(row["detected"], row["reports"], threshold)
    return row


def _month(value: Any) -> str:
    return value.strftime("%Y-%m") if value is not None else ""


def _days(n: Any, median: Any, mean: Any, threshold: int) -> dict[str, Any]:
    count = _cell(n, threshold)
    shown = count is not None and count > 0
    return {
        "n": count,
        "median_days": round(float(median), 1) if shown and median is not None else None,
        "mean_days": round(float(mean), 1) if shown and mean is not None else None,
    }


def _rows(con: Any, query: Query) -> list[dict[str, Any]]:
    columns, rows = run(con, query)
    return [dict(zip(columns, r, strict=True)) for r in rows]


def attrition(con: Any, filters: Filters, scope: Scope) -> dict[str, Any]:
    """Outcome shares (withdrawal 14/16 with reasons, evidential 15, charge 1) by month,
    BCU and offence; time to charge and trial; highest-harm cohort against all."""
    f = replace(filters, bcu=scope.bcu)
    t = scope.threshold
    q = {query.name: query for query in cube_queries(f, "?")}
    total = _rows(con, q["attrition"])[0]
    reasons = reference.code_names(reference.withdrawal_reasons())
    times = _rows(con, q["time_to_charge_and_trial"])[0]
    cohort = {bool(r["cohort"]): r for r in _rows(con, q["cohort"])}
    empty = dict.fromkeys(ATTRITION_COLUMNS, 0)
    return {
        "filters": _filters_out(f),
        "threshold": t or None,
        "totals": _attrition_row(total, t),
        "by_month": [
            {"month": _month(r["month"]), **_attrition_row(r, t)}
            for r in _rows(con, q["attrition_by_month"])
        ],
        "by_bcu": [
            {"bcu": r["bcu"], **_attrition_row(r, t)} for r in _rows(con, q["attrition_by_bcu"])
        ],
        "by_offence": [
            {"offence": r["offence"], **_attrition_row(r, t)}
            for r in _rows(con, q["attrition_by_offence"])
        ],
        "withdrawal_reasons": [
            {
                "reason": r["reason"],
                "name": reasons.get(r["reason"], r["reason"] or "not recorded"),
                "n": _cell(r["n"], t),
            }
            for r in _rows(con, q["withdrawal_reasons"])
        ],
        "time_to_charge": _days(
            times["charged"], times["median_days_to_charge"], times["mean_days_to_charge"], t
        ),
        "time_to_trial": _days(
            times["tried"], times["median_days_to_trial"], times["mean_days_to_trial"], t
        ),
        "cohort": {
            "available": True in cohort,
            "highest_harm": _attrition_row(cohort.get(True, empty), t),
            "all": _attrition_row(
                {c: sum(int(r[c]) for r in cohort.values()) for c in ATTRITION_COLUMNS}, t
            ),
        },
    }


def _filters_out(f: Filters) -> dict[str, Any]:
    return {
        "month_from": _month(f.month_from) or None,
        "month_to": _month(f.month_to) or None,
        "bcu": f.bcu,
        "offence": f.offence,
    }


def dashboard(con: Any, filters: Filters, scope: Scope) -> dict[str, Any]:
    """Everything the insights page shows: reports per month by offence, occasions,
    arrests, charges, outcomes, the repeat-offender share, orders, breaches, operations."""
    f = replace(filters, bcu=scope.bcu)
    t = scope.threshold
    q = {query.name: query for query in cube_queries(f, "?")}
    by_offence: dict[str, dict[str, int | None]] = {}
    for r in _rows(con, q["reports_by_month_offence"]):
        by_offence.setdefault(_month(r["month"]), {})[r["offence"]] = _cell(r["n"], t)
    occasions: dict[str, int] = {}
    for r in _rows(con, q["occasions_by_month_bcu"]):
        occasions[_month(r["month"])] = occasions.get(_month(r["month"]), 0) + int(r["n"])
    clause, params = where(f, "?", date="r.reported_at", bcu="r.bcu", report="r.id")
    repeat = con.execute(
        "WITH k AS (SELECT suspect_key, count(DISTINCT report_id) AS n FROM suspects "
        "GROUP BY 1) SELECT count(DISTINCT s.report_id) FILTER (WHERE k.n > 1), "
        "count(DISTINCT s.report_id) FROM suspects s JOIN k USING (suspect_key) "
        f"JOIN reports r ON r.id = s.report_id WHERE {clause}",
        params,
    ).fetchone()
    repeat_n, with_suspect = _cell(repeat[0], t), _cell(repeat[1], t)
    # every arrest on a suspect's path, everyday or in an operation
    tw, tp = where(f, "?", date="arrested_on", bcu="bcu")
    arrests = con.execute(
        "SELECT date_trunc('month', arrested_on), count(DISTINCT step_id) FROM arrests "
        f"WHERE {tw} GROUP BY 1 ORDER BY 1",
        tp,
    ).fetchall()
    cw, cp = where(f, "?", date="charged_on", bcu="bcu")
    charges = con.execute(
        f"SELECT date_trunc('month', charged_on), count(*) FROM charges WHERE {cw} "
        "GROUP BY 1 ORDER BY 1",
        cp,
    ).fetchall()
    bw, bp = where(f, "?", bcu="bcu")
    targets = con.execute(
        f"SELECT status, count(*) FROM targets WHERE {bw} GROUP BY 1", bp
    ).fetchall()
    operations = con.execute(
        f"SELECT count(DISTINCT operation_id) FROM targets WHERE {bw}", bp
    ).fetchone()
    ow, op = where(f, "?", date="made_on", bcu="bcu")
    orders = con.execute(
        f"SELECT kind, count(*) FROM orders WHERE {ow} GROUP BY 1 ORDER BY 1", op
    ).fetchall()
    brw, brp = where(f, "?", date="occurred_at", bcu="bcu")
    breaches = con.execute(
        f"SELECT status, count(*) FROM breaches WHERE {brw} GROUP BY 1 ORDER BY 1", brp
    ).fetchall()
    return {
        "filters": _filters_out(f),
        "threshold": t or None,
        "reports_by_month_offence": by_offence,
        "occasions_by_month": {m: _cell(n, t) for m, n in sorted(occasions.items())},
        "arrests_by_month": {_month(m): _cell(n, t) for m, n in arrests},
        "charges_by_month": {_month(m): _cell(n, t) for m, n in charges},
        "repeat_offenders": {
            "reports_with_suspect": with_suspect,
            "reports_with_repeat_suspect": repeat_n,
            "share": _rate(repeat_n, with_suspect, t),
        },
        "operations": {
            "operations": _cell(operations[0], t) if operations else 0,
            "targets": {s: _cell(n, t) for s, n in sorted(targets)},
        },
        "orders_by_kind": {k: _cell(n, t) for k, n in orders},
        "breaches_by_status": {s: _cell(n, t) for s, n in breaches},
        "attrition": attrition(con, filters, scope),
    }
