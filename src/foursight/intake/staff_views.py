"""Staff pages: the triage queue and the review of each kind of item, and giving a
victim their private link from the report page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.views import page_justification, page_user
from foursight.core import reference
from foursight.errors import FoursightError, InvalidInput
from foursight.intake import actions, serialise, victim
from foursight.intake.access import (
    diary_entry_for,
    information_for,
    online_report_for,
    require_triage,
)
from foursight.intake.commands import (
    AcceptDiaryEntry,
    GradeInformation,
    QueryDiaryEntry,
)
from foursight.intake.linkage import possible_offenders
from foursight.intake.models import IntelligenceItem
from foursight.people.access import visible_persons
from foursight.people.models import Identifier
from foursight.server.forms import problem_from_error


@login_required
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    require_triage(user)
    kind = str(request.GET.get("kind", ""))
    if kind not in ("", "online_report", "information", "diary_entry"):
        kind = ""
    items = serialise.triage_items(user, kind)
    return render(request, "intake/triage.html", {"items": items, "kind": kind})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def online_detail(request: HttpRequest, online_id: int) -> HttpResponse:
    user = page_user(request)
    require_triage(user)
    online = online_report_for(user, online_id)
    if request.method == "POST":
        report = actions.accept_online_report(
            user, online_id, justification=page_justification(request)
        )
        messages.success(request, f"Online report accepted as report {report.reference}")
        return redirect(f"/reports/{report.pk}")
    return render(request, "intake/triage_online.html", {"online": online})


INFORMATION_DONE = {
    "grade": "Grading saved",
    "link": "Information linked to the person",
    "close": "Information closed",
}


def _candidates(user: Any, item: IntelligenceItem) -> list[Any]:
    """Persons the user may see whose identifiers match the item's (for linking)."""
    from foursight.core.identifiers import normalise

    values = []
    for i in item.identifiers:
        if i.get("kind") in ("phone", "email", "handle", "vehicle"):
            found = normalise(i["kind"], i["value"])
            if found:
                values.append(found)
    if not values:
        return []
    ids = Identifier.objects.filter(normalised__in=values).values_list("person_id", flat=True)
    return list(visible_persons(user).filter(pk__in=ids)[:10])


def _offenders(user: Any, item: IntelligenceItem) -> list[dict[str, Any]]:
    """Offender identities the linkage model finds for the item, with persons the user sees."""
    found = possible_offenders(item)
    visible = set(
        visible_persons(user)
        .filter(pk__in=[f["person_id"] for f in found])
        .values_list("pk", flat=True)
    )
    return [f for f in found if f["person_id"] in visible]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def information_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    user = page_user(request)
    require_triage(user)
    item = information_for(user, item_id)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        what = str(request.POST.get("action", ""))
        try:
            if what == "grade":
                item = actions.grade_information(
                    user, item_id, GradeInformation.from_dict(dict(request.POST.items()))
                )
            elif what == "link":
                raw = str(request.POST.get("person_id", "")).strip()
                if not raw.isdigit():
                    raise InvalidInput("person_id: give the person's number", field="person_id")
                item = actions.link_information(
                    user, item_id, int(raw), justification=page_justification(request)
                )
            elif what == "close":
                item = actions.close_information(user, item_id, str(request.POST.get("reason", "")))
            else:
                raise InvalidInput("action: unknown action", field="action")
        except InvalidInput as error:
            errors[error.field or "form"] = problem_from_error(error, {})["message"]
            status = 400
        else:
            messages.success(request, INFORMATION_DONE.get(what, "Saved"))
            return redirect(f"/triage/information/{item.pk}")
    context = {
        "item": item,
        "errors": errors,
        "sources": IntelligenceItem.Source.choices,
        "assessments": IntelligenceItem.Assessment.choices,
        "handlings": IntelligenceItem.Handling.choices,
        "candidates": _candidates(user, item),
        "offenders": _offenders(user, item),
        "answers": request.POST if request.method == "POST" else {},
    }
    return render(request, "intake/triage_information.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def diary_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = page_user(request)
    require_triage(user)
    entry = diary_entry_for(user, entry_id)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                victim.accept_diary_entry(
                    user,
                    entry_id,
                    AcceptDiaryEntry.from_dict(
                        {
                            "behaviours": request.POST.getlist("behaviours"),
                            "note": request.POST.get("note", ""),
                        }
                    ),
                    justification=page_justification(request),
                )
            else:
                query = QueryDiaryEntry.from_dict({"note": request.POST.get("note", "")})
                victim.query_diary_entry(user, entry_id, query)
        except FoursightError as error:
            errors[error.field or "form"] = problem_from_error(error, {})["message"]
            status = error.status
        else:
            accepted = request.POST.get("action") == "accept"
            messages.success(
                request,
                "Diary entry added to the report" if accepted else "Query sent to the victim",
            )
            return redirect(f"/reports/{entry.report_id}")
    context = {
        "entry": entry,
        "uploads": list(entry.uploads.all()),
        "behaviours": reference.vocabulary("behaviours"),
        "errors": errors,
    }
    return render(request, "intake/triage_diary.html", context, status=status)


@login_required
@never_cache
@require_POST
def give_link(request: HttpRequest, report_id: int) -> HttpResponse:
    """Make a victim link from the report page; the URL and passcode are shown once."""
    user = page_user(request)
    access, token, passcode = victim.create_access(
        user, report_id, justification=page_justification(request)
    )
    context = {
        "access": access,
        "url": request.build_absolute_uri(f"/victim/{token}"),
        "passcode": passcode,
    }
    return render(request, "intake/victim_link_created.html", context)


@login_required
@require_POST
def revoke_link(request: HttpRequest, access_id: int) -> HttpResponse:
    user = page_user(request)
    access = victim.revoke_access(user, access_id, justification=page_justification(request))
    messages.success(request, "Victim link withdrawn")
    return redirect(f"/reports/{access.report_id}")
