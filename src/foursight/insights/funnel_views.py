"""The funnel page: report → arrest → charge → conviction, as tables (aggregates only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foursight.accounts.models import Role, Unit
from foursight.accounts.views import page_user
from foursight.core import display
from foursight.errors import InvalidInput
from foursight.insights import service
from foursight.insights.access import require_insights
from foursight.insights.funnel import MILESTONES

STAGE_NAMES = {
    "reported": "Reported",
    "arrested": "Arrested",
    "charged": "Charged or summonsed",
    "convicted": "Convicted",
}
REASON_NAMES = {
    "victim_withdrawal": "Victim withdrew",
    "nfa_lack_of_evidence": "No further action: not enough evidence",
    "out_of_court": "Caution or community resolution",
    "nfa_other": "No further action: other reason",
    "not_found": "Suspect not found",
    "not_guilty": "Not guilty",
    "dismissed": "Dismissed",
    "withdrawn": "Withdrawn at court",
    "ongoing": "Still under way",
}
MILESTONE_NAMES = {
    "arrest": "Arrest",
    "charge": "Charge",
    "first_hearing": "First hearing",
    "trial": "Trial",
    "verdict": "Verdict",
}
FILTERS = ("month_from", "month_to", "bcu")


def _percent(rate: float | None) -> str:
    return "withheld" if rate is None else display.percent(rate)


@login_required
def funnel_page(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    require_insights(user)
    chosen = {k: request.GET.get(k, "").strip() for k in FILTERS}
    error = ""
    try:
        data = service.figures(user, "funnel", **{k: v or None for k, v in chosen.items()})
    except InvalidInput as exc:
        error = exc.message
        data = service.figures(user, "funnel")
    threshold = data["threshold"]
    shown = f"<{threshold}" if threshold else ""
    categories = sorted(
        {c for month in data["arrests"]["by_month_category"].values() for c in month}
    )
    context: dict[str, Any] = {
        "data": data,
        "chosen": chosen,
        "error": error,
        "suppressed": shown,
        "bcus": Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"),
        "choose_bcu": user.role != Role.SUPERVISOR,
        "stages": [
            {
                "name": STAGE_NAMES[s["stage"]],
                "count": s["count"],
                "left": [(REASON_NAMES.get(r, r), n) for r, n in s["left"].items()],
            }
            for s in data["stages"]
        ],
        "rates": [
            ("Arrested, of reports", _percent(data["rates"]["arrest_rate"])),
            ("Charged or summonsed, of reports", _percent(data["rates"]["charge_rate"])),
            ("Convicted, of those charged", _percent(data["rates"]["conviction_rate"])),
            ("Convicted, of reports", _percent(data["rates"]["conviction_per_report"])),
        ],
        "times": [(MILESTONE_NAMES[m], data["time_from_report"][m]) for m in MILESTONES],
        "categories": [c.replace("_", " ") for c in categories],
        "arrest_rows": [
            (
                month,
                data["arrests"]["by_month"].get(month, {}),
                [cells.get(c, {"everyday": 0, "operational": 0}) for c in categories],
            )
            for month, cells in sorted(data["arrests"]["by_month_category"].items())
        ],
        "no_phone": data["nfa_lack_of_evidence_without_phone_evidence"],
        "no_phone_share": _percent(data["nfa_lack_of_evidence_without_phone_evidence"]["share"]),
        "victims": data["victim_profile"],
        "under_18_share": _percent(data["victim_profile"]["under_18"]["share"]),
        "repeat_share": _percent(data["victim_profile"]["repeat_victims"]["share"]),
        "domestic_abuse_share": _percent(data["victim_profile"]["domestic_abuse"]["share"]),
        "cyber_share": _percent(data["victim_profile"]["cyber_element"]["share"]),
    }
    return render(request, "insights/funnel.html", context, status=400 if error else 200)
