"""Pages: offenders, an offender, the review queue and a pair, highest harm, the insight.

Also the report panel (possible matches and the repeat-offender flag) shown on every
report page to roles that see suspects.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import Role, Unit, User
from foursight.accounts.views import page_justification, page_user
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Report
from foursight.errors import InvalidInput
from foursight.offenders import access, actions, insight
from foursight.offenders import ranking_actions as ranking
from foursight.offenders.api import pair_out, run_out
from foursight.offenders.models import LinkRun
from foursight.offenders.serialise import (
    entry_with_status,
    matches_out,
    offender_item,
    offender_out,
)
from foursight.offenders.serialise import ranking_out as ranking_dict
from foursight.people.models import Person
from foursight.server.context import panels
from foursight.server.forms import Field, refuse


def report_panel(request: HttpRequest, user: User, report: Report) -> str:
    """Possible matches and the repeat-offender flag for a report's suspects.

    The report page has opened the report through its gatekeeper and audited the view
    (one entry per view); the panel adds the offender rule (the user sees suspects), as
    ``access.report_matches_for`` does for the API, and shows nothing otherwise.
    """
    if not sees_suspects(user):
        return ""
    suspects = matches_out(user, report)
    if not suspects:
        return ""
    context = {"suspects": suspects, "linked": LinkRun.objects.exists()}
    return render_to_string("offenders/_report_panel.html", context, request=request)


def person_panel(request: HttpRequest, user: User, person: Person) -> str:
    """The offender identities a person's suspect mentions are linked to, if any."""
    if not sees_suspects(user):
        return ""
    linked = access.visible_offenders(user).filter(mentions__person=person).distinct()
    items = [offender_item(user, o) for o in linked]
    if not items:
        return ""
    record(
        user, Verb.VIEWED, "person_offenders", person.pk, justification=page_justification(request)
    )
    return render_to_string("offenders/_person_panel.html", {"items": items}, request=request)


@login_required
def offender_list(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    found = access.search_offenders(user, justification=page_justification(request))
    page = Paginator(found.order_by("-report_count", "code"), 25).get_page(request.GET.get("page"))
    items = [offender_item(user, o) for o in page.object_list]
    context = {"page": page, "items": items, "alerts": _alerts(user)}
    return render(request, "offenders/offender_list.html", context)


@login_required
def offender_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = page_user(request)
    offender = access.offender_for(user, code, justification=page_justification(request))
    if offender.code != code:
        return redirect(f"/offenders/{offender.code}")
    context = {
        "o": offender_out(user, offender),
        "panels": panels("offender_panels", request, user, offender),
    }
    return render(request, "offenders/offender_detail.html", context)


def _alerts(user: User) -> list[str]:
    """The latest run's chaining alerts, for the offender unit's pages."""
    if user.role not in access.REVIEW_ROLES:
        return []
    run = LinkRun.objects.first()
    return list(run.alerts) if run else []


def _run_context() -> dict[str, Any]:
    run = LinkRun.objects.select_related("model").first()
    return {"run": run_out(run) if run else None}


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    queue = access.review_queue(user, justification=page_justification(request))
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    context = {"page": page, "pairs": [pair_out(user, e) for e in page.object_list]}
    context.update(_run_context())
    return render(request, "offenders/review_list.html", context)


DECISION_FIELDS = {"kind": Field("d-kind", "Decision"), "reason": Field("d-reason", "Reason")}
FIELDS = ("first_name", "surname", "dob", "phone", "email", "handle", "postcode")


@login_required
@require_http_methods(["GET", "POST"])
def review_pair(request: HttpRequest, edge_id: int) -> HttpResponse:
    user = page_user(request)
    status = 200
    if request.method == "POST":
        try:
            actions.decide(
                user,
                edge_id,
                request.POST.get("kind", ""),
                request.POST.get("reason", ""),
                justification=page_justification(request),
            )
        except InvalidInput as exc:
            refuse(request, "decision", exc, DECISION_FIELDS)
            status = 400
        else:
            messages.success(request, f"Decision on pair {edge_id} recorded")
            return redirect("/linkage/review")
    edge, _ = access.review_edge_for(user, edge_id, justification=page_justification(request))
    pair = pair_out(user, edge)
    rows = [
        {
            "field": f,
            "left": pair["left"]["raw"].get(f) or "",
            "right": pair["right"]["raw"].get(f) or "",
            "weight": pair["weights"].get(f),
        }
        for f in FIELDS
    ]
    return render(
        request,
        "offenders/review_pair.html",
        {
            "pair": pair,
            "rows": rows,
            "decision_choices": [
                ("must_link", "Same person"),
                ("cannot_link", "Not the same person"),
            ],
        },
        status=status,
    )


@login_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    access.require_reviewer(user, page_justification(request))
    run = actions.link_run(user)
    messages.success(
        request,
        f"Linkage run {run.pk} finished: {run.mentions} mentions, {run.offenders} offenders, "
        f"{run.review} pairs to review",
    )
    return redirect("/linkage/review")


@login_required
def harm_top(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    bcu = request.GET.get("bcu", "")
    unit = access.harm_scope_for(user, bcu or None, justification=page_justification(request))
    found = ranking.latest_ranking(unit)
    entries = []
    if found is not None:
        entries = [
            entry_with_status(e) for e in found.entries.select_related("offender").order_by("rank")
        ]
    force_roles = user.role in access.FORCE_HARM_ROLES
    context = {
        "unit": unit,
        "ranking": ranking_dict(found) if found else None,
        "entries": entries,
        "can_refresh": force_roles,
        "bcus": list(Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"))
        if force_roles
        else [],
        "alerts": _alerts(user),
    }
    return render(request, "offenders/harm_top.html", context)


@login_required
@require_POST
def harm_refresh(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    reason = access.require_reviewer(user, page_justification(request))
    ranking.refresh_harm(user, justification=reason)  # errors render as the error page
    messages.success(request, "Harm rankings refreshed")
    return redirect("/harm")


@login_required
def repeat_offending(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    access.require_insight(user)
    data = insight.repeat_share()
    points = [
        (row["month"], row["force"]["share"])
        for row in data["months"]
        if row["force"]["share"] is not None
    ]
    width = max(len(points) * 48, 96)
    bars = [
        {
            "x": 8 + i * 48,
            "h": round(2 * share, 1),
            "y": round(210 - 2 * share, 1),
            "month": m,
            "share": share,
        }
        for i, (m, share) in enumerate(points)
    ]
    context = {
        "data": data,
        "bars": bars,
        "width": width + 16,
        "analyst": user.role == Role.ANALYST,
    }
    return render(request, "offenders/repeat_offending.html", context)
