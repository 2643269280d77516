"""API for insights: attrition, the dashboard figures, and aggregate exports (audited)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from foursight.insights import service
from foursight.server.api import actor

PREFIX = "/insights"
router = Router(tags=["insights"])


class InsightFilters(Schema):
    month_from: str | None = Field(None, description="first month, YYYY-MM")
    month_to: str | None = Field(None, description="last month, YYYY-MM")
    bcu: str | None = Field(None, description="BCU code; supervisors get their own")
    offence: str | None = Field(None, description="offence code, e.g. 8Q")


class ExportFilters(InsightFilters):
    table: Literal[
        "attrition_by_month",
        "attrition_by_bcu",
        "attrition_by_offence",
        "withdrawal_reasons",
        "reports_by_month_offence",
    ]
    format: Literal["csv", "parquet"] = "csv"


@router.get("/attrition")
def attrition(request: HttpRequest, filters: Query[InsightFilters]) -> dict[str, Any]:
    """Outcome shares (victim withdrawal 14/16 with reasons, evidential difficulties 15,
    charge or summons 1) by month, BCU and offence; days to charge and to trial; the
    highest-harm cohort's charge and detection rates against all. Small counts are
    ``null`` for analysts."""
    return service.figures(actor(request), "attrition", **filters.model_dump())


@router.get("/dashboard")
def dashboard(request: HttpRequest, filters: Query[InsightFilters]) -> dict[str, Any]:
    """Every figure on the insights page, for the same filters."""
    return service.figures(actor(request), "dashboard", **filters.model_dump())


class FunnelFilters(Schema):
    month_from: str | None = Field(None, description="first month reported, YYYY-MM")
    month_to: str | None = Field(None, description="last month reported, YYYY-MM")
    bcu: str | None = Field(None, description="BCU code; supervisors get their own")


@router.get("/funnel")
def funnel(request: HttpRequest, filters: Query[FunnelFilters]) -> dict[str, Any]:
    """Report → arrest → charge → conviction: ``stages`` in that order, each with its
    ``count`` and the number that ``left`` there by reason; withdrawal reasons; rates;
    days from report to arrest, charge, first hearing, trial and verdict (median, 90th
    percentile); arrests by month and offence category, everyday and operational; the
    victims' profile; NFA for lack of evidence without phone evidence. Definitions in
    docs/path.md. Small counts are ``null`` for analysts."""
    return service.figures(actor(request), "funnel", **filters.model_dump())


@router.get("/export")
def export(request: HttpRequest, filters: Query[ExportFilters]) -> HttpResponse:
    """One aggregate table as CSV or Parquet; the export is audited."""
    data = filters.model_dump()
    table, fmt = data.pop("table"), data.pop("format")
    body, content_type, name = service.export(actor(request), table, fmt, **data)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
