"""Pages for phone evidence: the Evidence tab, an exhibit, the timeline and the conduct page."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import may_write
from foursight.accounts.views import page_justification, page_user
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party
from foursight.core import typed_dates
from foursight.core.attributions import Attribute
from foursight.core.events import Channel, EventKind
from foursight.core.importers import importers
from foursight.errors import InvalidInput, NotFound
from foursight.evidence import actions, analysis, conduct_display
from foursight.evidence.access import evidence_report, exhibit_for
from foursight.evidence.charts import contacts_per_day, hour_of_week
from foursight.evidence.derive import derived_jsonl
from foursight.evidence.jobs import ensure_worker
from foursight.evidence.media import checked_read
from foursight.evidence.meta import clean_meta
from foursight.evidence.models import Exhibit, Job
from foursight.evidence.register_views import link_context
from foursight.evidence.serialise import exhibit_out, job_out
from foursight.evidence.timeline import EventFilters, events_out, page
from foursight.server.forms import Field, redisplay, refuse, state
from foursight.server.uploads import check_upload

META_FIELDS = (
    "format",
    "exhibit",
    "victim_ids",
    "tz",
    "locale",
    "consent_reference",
    "scope_from",
    "scope_to",
    "scope_conversations",
)


UPLOAD_FIELDS = {
    "file": Field("ev-file", "Export file"),
    "format": Field("ev-format", "Format"),
    "exhibit": Field("ev-exhibit", "Exhibit reference"),
    "victim_ids": Field("ev-victim", "The victim's own numbers, addresses and chat names"),
    "locale": Field("ev-locale", "Phone locale"),
    "tz": Field("ev-tz", "Phone time zone"),
    "consent_reference": Field("ev-consent", "Agreement reference"),
    "scope_from": Field("ev-from", "Scope from"),
    "scope_to": Field("ev-to", "Scope to"),
    "scope_apps": Field("ev-app-1", "Apps in scope"),
    "scope_conversations": Field("ev-conv", "Conversations in scope"),
}


def _form_data(request: HttpRequest) -> dict[str, Any]:
    """The upload form's metadata; scope dates typed as d/m/yyyy become ISO dates."""
    data: dict[str, Any] = {k: request.POST.get(k, "") for k in META_FIELDS}
    data["scope_apps"] = request.POST.getlist("scope_apps")
    for name in ("scope_from", "scope_to"):
        if data[name].strip():
            label = UPLOAD_FIELDS[name].label
            try:
                data[name] = typed_dates.parse_day(data[name], label).isoformat()
            except InvalidInput as exc:
                raise InvalidInput(exc.message, field=name) from exc
    return data


def _uploaded(request: HttpRequest, report_id: int, result: Any) -> HttpResponse:
    """Where a stored upload goes next, with a banner saying what was done."""
    if result.job is not None:
        messages.success(
            request, "File received: it is being imported; its progress is shown below"
        )
        return redirect(f"/reports/{report_id}/evidence?job={result.job.pk}")
    x = result.outcome.exhibit
    if result.outcome.duplicate:
        return redirect(f"/reports/{report_id}/evidence?same={x.pk}")
    messages.success(request, f"Exhibit {x.reference} imported")
    return redirect(f"/reports/{report_id}/evidence/exhibits/{x.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def evidence_tab(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    reason = page_justification(request)
    status, notice = 200, ""
    if request.method == "POST":
        try:
            check_upload(request)
            upload = request.FILES.get("file")
            result = actions.upload_exhibit(
                user,
                report_id,
                upload.file if upload else None,
                (upload.name or "") if upload else "",
                (upload.size or 0) if upload else 0,
                clean_meta(_form_data(request)),
                justification=reason,
            )
        except InvalidInput as exc:
            named = exc if exc.field else InvalidInput(exc.message, field="file")
            refuse(request, "upload", named, UPLOAD_FIELDS)
            status = exc.status
        else:
            return _uploaded(request, report_id, result)
    report = evidence_report(user, report_id, justification=reason, what="exhibits")
    exhibits = Exhibit.objects.filter(report=report).select_related("original").order_by("id")
    jobs = list(Job.objects.filter(report=report).order_by("-id")[:10])
    if any(j.status in (Job.Status.QUEUED, Job.Status.RUNNING) for j in jobs):
        ensure_worker()  # also finds a running job whose worker died, and requeues it
    refused = state(request)
    same = request.GET.get("same", "")
    if same.isdigit():
        match = next((x for x in exhibits if x.pk == int(same)), None)
        if match is not None:
            notice = (
                f"That file is already exhibit {match.reference} (same SHA-256); "
                "nothing new was stored and the attempt is in its custody log."
            )
    context = {
        "report": report,
        "exhibits": [exhibit_out(x) for x in exhibits],
        "jobs": [job_out(j) for j in jobs],
        "can_write": may_write(user),
        "notice": notice,
        "file_error": refused.error("ev-file") if refused else "",
        "format_choices": [("", "Recognise from the file")] + [(i.id, i.name) for i in importers()],
        "channels": [c.value for c in Channel],
        "formats": [{"id": i.id, "name": i.name} for i in importers()],
        "chosen_apps": request.POST.getlist("scope_apps") if request.method == "POST" else [],
    }
    return render(request, "evidence/evidence_tab.html", context, status=status)


@login_required
def job_progress(request: HttpRequest, report_id: int, job_id: int) -> HttpResponse:
    user = page_user(request)
    report = evidence_report(
        user,
        report_id,
        justification=page_justification(request),
        what="evidence_job",
        detail={"job": job_id},
    )
    job = Job.objects.filter(report=report, pk=job_id).first()
    if job is None:
        raise NotFound("job")
    return render(request, "evidence/_job.html", {"report": report, "job": job_out(job)})


@login_required
def exhibit_detail(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponse:
    user = page_user(request)
    exhibit = exhibit_for(user, report_id, exhibit_id, justification=page_justification(request))
    context = {"report": exhibit.report, "exhibit": exhibit_out(exhibit, custody=True)}
    context.update(link_context(request, user, exhibit))
    return render(request, "evidence/exhibit_detail.html", context)


@login_required
def derived_download(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponse:
    """The exhibit's events parsed again from the stored original; audited as an export."""
    user = page_user(request)
    reason = page_justification(request)
    exhibit = exhibit_for(user, report_id, exhibit_id, justification=reason)
    checked_read(
        user,
        exhibit,
        "downloaded",
        "events parsed again from the original for download (events.jsonl)",
        justification=reason,
    )
    body = derived_jsonl(exhibit)
    record(
        user,
        Verb.EXPORTED,
        "exhibit_events",
        exhibit.pk,
        justification=reason,
        detail={"report": report_id, "bytes": len(body)},
    )
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["X-Derived-SHA256"] = hashlib.sha256(body).hexdigest()
    response["X-Recorded-SHA256"] = exhibit.derived_sha256
    response["Content-Disposition"] = f'attachment; filename="{exhibit.pk}-events.jsonl"'
    return response


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name}: give a date as YYYY-MM-DD", field=name) from exc


@login_required
def timeline(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    get = request.GET
    after = get.get("after", "")
    error, rows, cursor, count = "", [], "", 0
    try:
        filters = EventFilters(
            get.get("channel", ""),
            get.get("counterpart", "").strip(),
            get.get("kind", ""),
            _day(get.get("date_from", ""), "date_from"),
            _day(get.get("date_to", ""), "date_to"),
            get.get("rule", "").strip(),
            get.get("event", "").strip(),
        )
    except InvalidInput as exc:
        filters, error = EventFilters(), exc.message
    report = evidence_report(
        user,
        report_id,
        justification=page_justification(request),
        action=Verb.SEARCHED,
        what="events",
        detail={**filters.audit_detail(), "after": after},
    )
    if not error:
        try:
            found, cursor, count = page(report, filters, after, 50)
            rows = events_out(report, found)
        except InvalidInput as exc:
            error = exc.message
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "report": report,
        "events": rows,
        "count": count,
        "next": cursor,
        "error": error,
        "filters": filters,
        "query": query.urlencode(),
        "channels": [c.value for c in Channel],
        "kinds": [k.value for k in EventKind],
        "first_page": not after,
    }
    return render(request, "evidence/timeline.html", context, status=400 if error else 200)


@login_required
def conduct_page(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    report = evidence_report(
        user, report_id, justification=page_justification(request), what="conduct"
    )
    row = analysis.stored_row(report)
    result = analysis.stored(report) or analysis.compute(report).to_json()
    grid = row.heatmap if row and row.heatmap else [[0] * 24 for _ in range(7)]
    tz = row.tz if row else analysis.report_tz(report)
    suspects = Party.objects.filter(report=report, role=Party.Role.SUSPECT).select_related("person")
    cited = conduct_display.cited_events(report, result)
    context = {
        "report": report,
        "result": result,
        "four": conduct_display.four_rows(result, cited),
        "stops": conduct_display.with_events(result.get("stops", []), cited),
        "threats": conduct_display.with_events(result.get("threats", []), cited),
        "can_write": may_write(user),
        "per_day_chart": contacts_per_day(result),
        "heat_chart": hour_of_week(grid, tz),
        "tz": tz,
        "suspects": [{"id": p.person_id, "name": str(p.person)} for p in suspects],
        "suspect_choices": [(p.person_id, str(p.person)) for p in suspects],
        "attributions": report.attributions.select_related("person").order_by("id"),
        "error": request.GET.get("error", ""),
    }
    return render(request, "evidence/conduct.html", context)


ATTRIBUTE_FIELDS = {
    "identifier": Field("at-id", "Counterpart identifier"),
    "person_id": Field("at-person", "Suspect"),
    "basis": Field("at-basis", "Basis"),
}


@login_required
@require_POST
def withdraw(request: HttpRequest, report_id: int, attribution_id: int) -> HttpResponse:
    user = page_user(request)
    actions.withdraw_attribution(
        user, report_id, attribution_id, justification=page_justification(request)
    )
    messages.success(request, "Attribution withdrawn")
    return redirect(f"/reports/{report_id}/conduct#attribute")


@login_required
@require_POST
@redisplay(conduct_page, "attribute", ATTRIBUTE_FIELDS)
def attribute(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    command = Attribute.from_dict(request.POST.dict())
    actions.attribute(user, report_id, command, justification=page_justification(request))
    messages.success(request, f"{command.identifier} attributed to the suspect")
    return redirect(f"/reports/{report_id}/conduct#attribute")
