"""Pages of the exhibit register: register a file, play or view it from the store, link
it to the occasions and contact events it proves.

The register form is a plain multipart form post (it works without script); with script
on, ``static/foursight/exhibit-upload.js`` sends the same form by XHR to show progress.
The upload handlers must be installed before the body is read, and the CSRF middleware
reads the body, so the register view is exempted from the middleware and checks the
token itself after installing them (the pattern Django documents for upload handlers).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import may_write
from foursight.accounts.views import page_justification, page_user
from foursight.core import display, labels
from foursight.core.exhibits import REGISTERED_KINDS
from foursight.errors import Forbidden, FoursightError, InvalidInput, NotFound
from foursight.evidence import media
from foursight.evidence import register_actions as register
from foursight.evidence.access import evidence_writer_report, exhibit_by_id
from foursight.evidence.models import Exhibit, ExhibitLink, StoredEvent
from foursight.evidence.receiving import (
    ReceivedFile,
    check_received,
    discard_all,
    receive_exhibits,
)
from foursight.server.forms import Field, redisplay, refuse, state, typed_moment

FIELDS = ("reference", "kind", "description", "produced_by", "seized_at", "seized_where")


def kinds() -> list[dict[str, str]]:
    return [{"id": k, "label": Exhibit.Kind(k).label} for k in REGISTERED_KINDS]


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def register_page(request: HttpRequest, report_id: int) -> HttpResponse:
    """Register an exhibit; the file streams to the store as the form is posted."""
    if request.method == "POST":
        # refuse a user who may not register before a byte of the body is read
        evidence_writer_report(
            page_user(request), report_id, justification=page_justification(request)
        )
        receive_exhibits(request)
        try:
            return _register(request, report_id)
        finally:
            discard_all(request)
    return _register(request, report_id)


REGISTER_FIELDS = {
    "reference": Field("rx-reference", "Exhibit reference"),
    "kind": Field("rx-kind", "Kind"),
    "description": Field("rx-description", "Description"),
    "produced_by": Field("rx-produced", "Produced or seized by"),
    "seized_at": Field("rx-when", "When seized"),
    "seized_where": Field("rx-where", "Where seized"),
    "file": Field("rx-file", "File"),
}


def _seized(text: str) -> str:
    """When seized, typed as ``27/3/2026 18:05`` (UK local time) or ISO; as ISO for the command."""
    raw = text.strip()
    if "T" in raw and "+" in raw:
        return raw
    moment = typed_moment(raw, "When seized", "seized_at")
    return moment.isoformat() if moment else ""


@csrf_protect
def _register(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    reason = page_justification(request)
    report = evidence_writer_report(user, report_id, justification=reason)
    status = 200
    if request.method == "POST":
        try:
            check_received(request)
            data = {k: request.POST.get(k, "") for k in FIELDS}
            data["seized_at"] = _seized(data.get("seized_at", ""))
            cmd = register.register_command(report_id, data, reason)
            upload = request.FILES.get("file")
            received = upload if isinstance(upload, ReceivedFile) else None
            exhibit = register.register_exhibit(user, cmd, received)
        except (NotFound, Forbidden):
            raise
        except FoursightError as exc:
            refuse(request, "register", exc, REGISTER_FIELDS)
            status = exc.status
        else:
            messages.success(request, f"Exhibit {exhibit.reference} registered")
            return redirect(f"/reports/{report_id}/evidence/exhibits/{exhibit.pk}")
    refused = state(request)
    context = {
        "report": report,
        "kinds": [("", "Choose…")] + [(k["id"], k["label"]) for k in kinds()],
        "file_error": refused.error("rx-file") if refused else "",
    }
    return render(request, "evidence/register.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def media_page(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponseBase:
    """The exhibit's bytes for the page's player or image, inline, from the store."""
    user = page_user(request)
    reason = page_justification(request)
    exhibit = exhibit_by_id(user, exhibit_id, justification=reason, audit=False)
    if exhibit.report_id != report_id:
        raise NotFound("exhibit")
    return media.media_response(request, user, exhibit, justification=reason)


LINK_FIELDS = {
    "occasion_id": Field("ln-occasion", "Occasion"),
    "event": Field("ln-event", "Contact event"),
    "event_id": Field("ln-event", "Contact event"),
    "note": Field("ln-note", "What it shows"),
}


def _exhibit_page(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponse:
    from foursight.evidence.views import exhibit_detail  # the exhibit page shows this form

    return exhibit_detail(request, report_id, exhibit_id)


@login_required
@require_POST
@redisplay(_exhibit_page, "link", LINK_FIELDS)
def link_page(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponse:
    user = page_user(request)
    reason = page_justification(request)
    exhibit = exhibit_by_id(user, exhibit_id, justification=reason, write=True)
    if exhibit.report_id != report_id:
        raise NotFound("exhibit")
    data: dict[str, Any] = {k: request.POST.get(k, "") for k in ("occasion_id", "note")}
    event = request.POST.get("event", "").strip()
    if event:
        data["event_id"] = _event_pk(report_id, event)
    register.link_exhibit(user, register.link_command(exhibit_id, data, reason))
    messages.success(request, f"Exhibit {exhibit.reference} linked")
    return redirect(f"/reports/{report_id}/evidence/exhibits/{exhibit_id}#links")


def _event_pk(report_id: int, event: str) -> int:
    """A contact event by its id as the timeline shows it (or its number)."""
    rows = StoredEvent.objects.filter(report_id=report_id)
    found = rows.filter(event_id=event).values_list("pk", flat=True).first()
    if found is None and event.isdigit():
        found = rows.filter(pk=int(event)).values_list("pk", flat=True).first()
    if found is None:
        raise InvalidInput(
            f"event_id: no contact event {event[:40]!r} on this report", field="event_id"
        )
    return int(found)


def _occasion_choices(exhibit: Exhibit) -> list[tuple[Any, str]]:
    choices: list[tuple[Any, str]] = [("", "None (link a contact event instead)")]
    for o in exhibit.report.occasions.order_by("started_at", "id"):
        named = ", ".join(labels.label(b, "behaviour") for b in o.behaviours or [])
        words = [display.local_time(o.started_at), o.location, named]
        choices.append((o.pk, " · ".join(w for w in words if w)))
    return choices


def link_context(request: HttpRequest, user: Any, exhibit: Exhibit) -> dict[str, Any]:
    """What the exhibit page shows of links, and the link form for writers."""
    links = ExhibitLink.objects.filter(exhibit=exhibit).select_related(
        "occasion", "event", "created_by"
    )
    error = ""
    if request.GET.get("link") == "error":
        error = str(request.session.pop("exhibit_link_error", ""))
    return {
        "links": [register.link_out(x) for x in links],
        "occasions": list(exhibit.report.occasions.order_by("started_at", "id")),
        "occasion_choices": _occasion_choices(exhibit),
        "can_link": may_write(user),
        "link_error": error,
    }
