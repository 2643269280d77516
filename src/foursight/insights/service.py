"""The insight reads as the routes, pages and CLI use them: scope, audit, compute."""

from __future__ import annotations

from typing import Any

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.insights import exports, funnel, stats, warehouse
from foursight.insights.access import scope_for


def figures(
    user: User,
    what: str,
    *,
    month_from: str | None = None,
    month_to: str | None = None,
    bcu: str | None = None,
    offence: str | None = None,
) -> dict[str, Any]:
    """``what`` is ``attrition``, ``dashboard`` or ``funnel``; the read is audited with
    its filters."""
    scope = scope_for(user, bcu)
    filters = stats.parse_filters(month_from, month_to, offence)
    con = warehouse.connect()
    try:
        if what == "funnel":
            result = funnel.funnel(con, filters, scope)
        elif what == "attrition":
            result = stats.attrition(con, filters, scope)
        else:
            result = stats.dashboard(con, filters, scope)
    finally:
        con.close()
    record(user, Verb.VIEWED, "insights", what, detail=result["filters"])
    return result


def export(
    user: User,
    table: str,
    fmt: str,
    *,
    month_from: str | None = None,
    month_to: str | None = None,
    bcu: str | None = None,
    offence: str | None = None,
) -> tuple[bytes, str, str]:
    """One aggregate table as CSV or Parquet: (body, content type, file name); audited."""
    if table not in exports.TABLES:
        exports.rows_for(table, {})  # raises InvalidInput naming the field
    if fmt not in exports.FORMATS:
        exports.encode([], fmt)
    scope = scope_for(user, bcu)
    filters = stats.parse_filters(month_from, month_to, offence)
    con = warehouse.connect()
    try:
        data = stats.dashboard(con, filters, scope)
    finally:
        con.close()
    body = exports.encode(exports.rows_for(table, data), fmt)
    record(
        user,
        Verb.EXPORTED,
        "insights",
        table,
        detail={**data["filters"], "format": fmt, "threshold": scope.threshold},
    )
    return body, exports.FORMATS[fmt], f"{table}.{fmt}"
