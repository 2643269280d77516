"""Pages for disclosure copies: the list, the review of proposals, a copy and its file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from foursight.accounts.views import page_justification, page_user
from foursight.audit.vocabulary import Verb
from foursight.core.redaction import Span, propose
from foursight.core.redaction.spans import plain_name
from foursight.disclosure import actions
from foursight.disclosure.access import content_report, copy_for, listing_report, sees_content
from foursight.disclosure.forms import decisions, posted_proposals, segments
from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.redacting import (
    check_text,
    copy_bytes,
    document_text,
    exhibit_text,
    proposals,
    redactable_exhibits,
    report_exhibit,
    terms_for,
)
from foursight.disclosure.serialise import copy_out, copy_summary
from foursight.errors import FoursightError, InvalidInput, NotFound
from foursight.evidence.models import Exhibit
from foursight.server.uploads import check_upload

#: Largest document uploaded for redaction (its text is held in the page).
MAX_DOCUMENT = 20_000_000


@login_required
def copies_page(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    report = listing_report(user, report_id, justification=page_justification(request))
    rows = RedactedCopy.objects.filter(report=report).select_related("exhibit", "created_by")
    content = sees_content(user)
    shape = copy_out if content else copy_summary
    exhibits = redactable_exhibits(report) if content else []
    return render(
        request,
        "disclosure/copies.html",
        {
            "report": report,
            "content": content,
            "copies": [shape(c) for c in rows.order_by("created_at", "id")],
            "exhibits": exhibits,
        },
    )


def _review(
    request: HttpRequest,
    report: Any,
    *,
    source: str,
    text: str,
    spans: list[Span],
    exhibit: Exhibit | None = None,
    error: str = "",
    accepted: set[int] | None = None,
    status: int = 200,
) -> HttpResponse:
    ordered = sorted(spans)
    items = [
        {
            "index": i,
            "value": f"{s.start}:{s.end}:{s.entity}:{s.score:.2f}",
            "start": s.start,
            "end": s.end,
            "kind": plain_name(s.entity),
            "score": f"{s.score:.2f}",
            "text": text[s.start : s.end],
            "accepted": accepted is None or i in accepted,
        }
        for i, s in enumerate(ordered)
    ]
    form = request.POST if request.method == "POST" else {}
    return render(
        request,
        "disclosure/review.html",
        {
            "report": report,
            "source": source,
            "exhibit": exhibit,
            "text": text,
            "segments": segments(text, ordered),
            "items": items,
            "error": error,
            "title": form.get("title", "") or (f"{exhibit.reference} redacted" if exhibit else ""),
            "add_words": form.get("add_words", ""),
            "add_offsets": form.get("add_offsets", ""),
        },
        status=status,
    )


@login_required
def review_exhibit(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponse:
    user = page_user(request)
    report = content_report(
        user,
        report_id,
        justification=page_justification(request),
        action=Verb.REDACTIONS_PROPOSED,
        what="exhibit",
        detail={"exhibit": exhibit_id},
    )
    exhibit = report_exhibit(report, exhibit_id)
    try:
        text = exhibit_text(exhibit)
    except FoursightError as exc:
        if isinstance(exc, NotFound):
            raise
        return render(
            request,
            "disclosure/copies.html",
            {"report": report, "content": True, "copies": [], "exhibits": [], "error": exc.message},
            status=exc.status,
        )
    return _review(
        request,
        report,
        source="exhibit",
        text=text,
        spans=propose(text, terms_for(report)),
        exhibit=exhibit,
    )


@login_required
@require_POST
def review_text(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    reason = page_justification(request)
    text = str(request.POST.get("text", ""))
    extra = str(request.POST.get("extra_terms", "")).splitlines()
    source = "schedule" if request.POST.get("source") == "schedule" else "text"
    report = content_report(user, report_id, justification=reason, audit=False)
    try:
        check_upload(request)
        upload = request.FILES.get("document")
        if upload is not None and upload.size:
            if upload.size > MAX_DOCUMENT:
                raise InvalidInput(
                    f"document: at most {MAX_DOCUMENT // 1_000_000} MB", field="document"
                )
            text = document_text(upload.name or "document", upload.read())
        spans = proposals(user, report_id, text, extra, justification=reason)
    except NotFound:
        raise
    except FoursightError as exc:
        context = {"report": report, "content": True, "copies": [], "exhibits": []}
        return render(
            request, "disclosure/copies.html", {**context, "error": exc.message}, status=exc.status
        )
    return _review(request, report, source=source, text=text, spans=spans)


@login_required
@require_POST
def save_copy(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    reason = page_justification(request)
    report = content_report(user, report_id, justification=reason, audit=False)
    source = str(request.POST.get("source", "text"))
    exhibit = None
    raw = str(request.POST.get("exhibit_id", ""))
    if source == "exhibit":
        exhibit = report_exhibit(report, int(raw) if raw.isdigit() else 0)
        text = exhibit_text(exhibit)
    else:
        text = str(request.POST.get("text", ""))
    accepted = {int(v) for v in request.POST.getlist("accept") if v.isdigit()}
    posted: list[Span] = []
    try:
        posted = posted_proposals(request.POST.getlist("proposal"))
        check_text(text)
        copy = actions.create_copy(
            user,
            actions.CreateCopy(
                report_id=report.pk,
                source_kind=source,
                title=str(request.POST.get("title", "")),
                decisions=decisions(request.POST, text),
                exhibit_id=exhibit.pk if exhibit else None,
                text=None if exhibit else text,
                justification=reason,
            ),
        )
    except NotFound:
        raise
    except FoursightError as exc:
        return _review(
            request,
            report,
            source=source,
            text=text,
            spans=posted,
            exhibit=exhibit,
            error=exc.message,
            accepted=accepted,
            status=exc.status,
        )
    messages.success(request, "Redacted copy made")
    return redirect(f"/reports/{report.pk}/disclosure/copies/{copy.pk}")


def _page_copy(request: HttpRequest, report_id: int, copy_id: int, action: Verb) -> RedactedCopy:
    copy = copy_for(
        page_user(request), copy_id, justification=page_justification(request), action=action
    )
    if copy.report_id != report_id:
        raise NotFound("redacted copy")
    return copy


@login_required
def copy_page(request: HttpRequest, report_id: int, copy_id: int) -> HttpResponse:
    copy = _page_copy(request, report_id, copy_id, Verb.VIEWED)
    return render(
        request,
        "disclosure/copy.html",
        {
            "report": copy.report,
            "copy": copy_out(copy, log=True),
            "redacted": copy_bytes(copy.derived_sha256).decode("utf-8"),
        },
    )


@login_required
def copy_download(request: HttpRequest, report_id: int, copy_id: int) -> HttpResponse:
    copy = _page_copy(request, report_id, copy_id, Verb.EXPORTED)
    response = HttpResponse(
        copy_bytes(copy.derived_sha256), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="redacted-copy-{copy.pk}.txt"'
    return response
