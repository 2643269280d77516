"""The insights page: aggregates with charts (:mod:`foursight.server.charts`) and export links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foursight.accounts.models import Role, Unit
from foursight.accounts.views import page_user
from foursight.core import reference
from foursight.errors import InvalidInput
from foursight.insights import exports, service
from foursight.insights.access import require_insights
from foursight.operations.models import Target
from foursight.server import charts

FILTERS = ("month_from", "month_to", "bcu", "offence")


def _charts(data: dict[str, Any]) -> dict[str, Any]:
    attrition = data["attrition"]
    monthly: dict[str, int | None] = {}
    offences: dict[str, int] = {}
    for month, cells in data["reports_by_month_offence"].items():
        known = [n for n in cells.values() if n is not None]
        monthly[month] = sum(known) if len(known) == len(cells) else None
        for code, n in cells.items():
            offences[code] = offences.get(code, 0) + (n or 0)
    totals = attrition["totals"]
    names = reference.code_names(reference.offences())
    return {
        "reports_chart": charts.columns(
            "Reports per month", list(monthly.items()), value="Reports"
        ),
        "offence_chart": charts.bars(
            "Reports by offence",
            [(names.get(c, c), n) for c, n in sorted(offences.items())],
            label="Offence",
            value="Reports",
        ),
        "occasions_chart": charts.columns(
            "Occasions per month", list(data["occasions_by_month"].items()), value="Occasions"
        ),
        "outcome_chart": charts.bars(
            "Outcomes",
            [
                ("Victim withdrawal (14, 16)", totals["victim_withdrawal"]),
                ("Evidential difficulties (15)", totals["evidential_difficulties"]),
                ("Charge or summons (1)", totals["charge_summons"]),
                ("Other outcomes", _other(totals)),
            ],
            label="Outcome",
            value="Reports",
        ),
        "reasons_chart": charts.bars(
            "Victim withdrawal reasons",
            [(r["name"], r["n"]) for r in attrition["withdrawal_reasons"]],
            label="Reason",
            value="Reports",
        ),
        "arrests_chart": charts.columns(
            "Arrests per month (everyday and in operations)",
            list(data["arrests_by_month"].items()),
            value="Arrests",
        ),
        "charges_chart": charts.columns(
            "Charges per month", list(data["charges_by_month"].items()), value="Charges"
        ),
    }


def _other(totals: dict[str, Any]) -> int | None:
    parts = [
        totals["with_outcome"],
        totals["victim_withdrawal"],
        totals["evidential_difficulties"],
        totals["charge_summons"],
    ]
    if any(p is None for p in parts):
        return None
    return int(parts[0] - parts[1] - parts[2] - parts[3])


@login_required
def insights_page(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    require_insights(user)
    chosen = {k: request.GET.get(k, "").strip() for k in FILTERS}
    error = ""
    try:
        data = service.figures(user, "dashboard", **{k: v or None for k, v in chosen.items()})
    except InvalidInput as exc:
        error = exc.message
        data = service.figures(user, "dashboard")
    threshold = data["threshold"]
    target_names = dict(Target.Status.choices)
    target_rows = [
        (target_names.get(status, status), n) for status, n in data["operations"]["targets"].items()
    ]
    query = {k: v for k, v in chosen.items() if v}
    context = {
        "data": data,
        "target_rows": target_rows,
        "att": data["attrition"],
        "chosen": chosen,
        "error": error,
        "suppressed": f"<{threshold}" if threshold else "",
        "bcus": Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"),
        "choose_bcu": user.role != Role.SUPERVISOR,
        "offences": reference.offences(),
        "exports": [
            {
                "table": t,
                "csv": f"/insights/export?{urlencode({**query, 'table': t, 'format': 'csv'})}",
                "parquet": f"/insights/export?{urlencode({**query, 'table': t, 'format': 'parquet'})}",
            }
            for t in exports.TABLES
        ],
        **_charts(data),
    }
    return render(request, "insights/dashboard.html", context, status=400 if error else 200)


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """The same exports as the API, from the page's links (audited)."""
    user = page_user(request)
    require_insights(user)
    chosen = {k: request.GET.get(k, "").strip() or None for k in FILTERS}
    body, content_type, name = service.export(
        user, request.GET.get("table", ""), request.GET.get("format", "csv"), **chosen
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
