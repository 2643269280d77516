"""API for phone evidence: exhibits (upload, list, read), events, the analysis, attribution."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import Field

from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core.attributions import Attribute
from foursight.errors import NotFound, TooLarge
from foursight.evidence import actions, analysis
from foursight.evidence.access import evidence_report, exhibit_for
from foursight.evidence.derive import derived_jsonl
from foursight.evidence.media import checked_read
from foursight.evidence.meta import clean_meta
from foursight.evidence.models import Exhibit, Job
from foursight.evidence.serialise import exhibit_out, job_out
from foursight.evidence.timeline import EventFilters, events_out, page
from foursight.server.api import actor, error_response, justification
from foursight.server.schemas import Strict, StrictForm
from foursight.server.uploads import check_upload, limit_message, refused

PREFIX = "/"
router = Router(tags=["evidence"])


class ExhibitMeta(Strict):
    exhibit: str = Field(description="exhibit reference, e.g. AR/1")
    victim_ids: list[str] = Field(description="the victim's own numbers, addresses, chat names")
    tz: str = "Europe/London"
    locale: str = ""
    consent_reference: str = Field("", description="PCSC Act 2022 s.37 agreement reference")
    scope_from: str = ""
    scope_to: str = ""
    scope_apps: list[str] = []
    scope_conversations: list[str] = []
    format: str = Field("", description="importer id; empty: recognised from the file")


class ExhibitOut(Schema):
    id: int
    reference: str
    file_name: str
    sha256: str
    size: int
    format: str
    parser_version: str
    status: str = Field(
        description="imported: its events are evidence; storing: an import is writing it "
        "(or died, until the next import or worker pass marks it failed); failed: the "
        "import did not complete, nothing of it is evidence; import the same file under "
        "the same reference again to complete it"
    )
    message: str
    events: int
    duplicates: int
    problems: list[dict[str, str]]
    members: list[dict[str, Any]]
    derived_sha256: str
    locale: str
    tz: str
    victim_ids: list[str]
    consent_reference: str
    scope_from: date | None
    scope_to: date | None
    scope_apps: list[str]
    scope_conversations: list[str]
    created_at: datetime
    kind: str = Field(
        "phone_export",
        description="phone_export, body_worn_video, cctv, photograph, screenshot, document "
        "or audio",
    )
    description: str = ""
    produced_by: str = ""
    seized_at: datetime | None = None
    seized_where: str = ""


class ExhibitDetail(ExhibitOut):
    custody: list[dict[str, Any]]
    custody_verified: bool
    custody_message: str


class JobOut(Schema):
    id: int
    exhibit_reference: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    exhibit_id: int | None


class UploadOut(Schema):
    duplicate: bool = False
    exhibit: ExhibitOut | None = None
    job: JobOut | None = None


class EventOut(Schema):
    id: int
    event_id: str
    channel: str
    direction: str
    counterpart_raw: str
    counterpart: str
    author_label: str
    ts_raw: str
    ts_utc: datetime
    tz_assumed: str
    ts_confidence: str
    body: str
    kind: str
    withheld: bool
    conversation: str
    duration_s: float | None
    attachments: list[dict[str, Any]]
    meta: dict[str, str]
    parser: str
    rules: list[dict[str, Any]]
    sources: list[dict[str, str]]
    proved_by: list[dict[str, Any]] = Field(
        [], description="registered exhibits linked to this event (reference, id, note)"
    )


class EventPage(Schema):
    items: list[EventOut]
    count: int
    next: str


class EventQuery(Schema):
    channel: str = ""
    counterpart: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    rule: str = ""
    event: str = Field("", description="one event id (as cited by the analysis)")
    after: str = ""
    limit: int = Field(50, ge=1, le=500)


class AttributionIn(Strict):
    identifier: str
    person_id: int
    basis: str


class AttributionOut(Schema):
    id: int
    identifier: str
    person_id: int
    basis: str


def _limit_first(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An upload stopped at the size limit loses the fields after the file: answer with
    the limit (413), not with those fields' absence."""

    @wraps(run)
    def wrapper(request: HttpRequest, **kw: Any) -> HttpResponse:
        response = run(request, **kw)
        if refused(request) and response.status_code in (400, 422):
            return error_response(request, TooLarge(limit_message(), field="file"))
        return response

    return wrapper


@router.post(
    "/reports/{report_id}/exhibits",
    response={200: UploadOut, 201: UploadOut, 202: UploadOut},
    summary="Import an export file (multipart: file plus metadata)",
)
@decorate_view(_limit_first)
def upload(
    request: HttpRequest,
    report_id: int,
    meta: StrictForm[ExhibitMeta],
    file: File[UploadedFile | None] = None,
) -> Status[UploadOut]:
    """Multipart: ``file`` (the export) and the metadata fields. 201 imported, 200 the same
    file was already an exhibit (nothing stored), 202 queued as a background job, 413 the
    file is larger than ``FOURSIGHT_UPLOAD_MAX_BYTES`` (refused while it streams in)."""
    check_upload(request)
    result = actions.upload_exhibit(
        actor(request),
        report_id,
        file.file if file else None,
        (file.name or "") if file else "",
        (file.size or 0) if file else 0,
        clean_meta(meta.model_dump()),
        justification=justification(request),
    )
    if result.job is not None:
        return Status(202, UploadOut(job=JobOut(**job_out(result.job))))
    assert result.outcome is not None
    body = UploadOut(
        duplicate=result.outcome.duplicate,
        exhibit=ExhibitOut(**exhibit_out(result.outcome.exhibit)),
    )
    return Status(200 if result.outcome.duplicate else 201, body)


@router.get("/reports/{report_id}/exhibits", response=list[ExhibitOut])
def list_exhibits(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    report = evidence_report(
        actor(request), report_id, justification=justification(request), what="exhibits"
    )
    rows = Exhibit.objects.filter(report=report).select_related("original").order_by("id")
    return [exhibit_out(x) for x in rows]


@router.get("/reports/{report_id}/exhibits/{exhibit_id}", response=ExhibitDetail)
def read_exhibit(request: HttpRequest, report_id: int, exhibit_id: int) -> dict[str, Any]:
    exhibit = exhibit_for(
        actor(request), report_id, exhibit_id, justification=justification(request)
    )
    return exhibit_out(exhibit, custody=True)


@router.get(
    "/reports/{report_id}/exhibits/{exhibit_id}/events.jsonl",
    response={200: None},
    summary="The exhibit's events parsed again from the stored original (JSON Lines)",
)
def derived(request: HttpRequest, report_id: int, exhibit_id: int) -> HttpResponse:
    """Re-derived from the original; ``X-Derived-SHA256`` and ``X-Recorded-SHA256`` (at
    import) are equal when the output reproduces byte for byte. Audited as an export."""
    user = actor(request)
    exhibit = exhibit_for(user, report_id, exhibit_id, justification=justification(request))
    checked_read(
        user,
        exhibit,
        "downloaded",
        "events parsed again from the original for download (events.jsonl)",
        justification=justification(request),
    )
    body = derived_jsonl(exhibit)
    record(
        user,
        Verb.EXPORTED,
        "exhibit_events",
        exhibit.pk,
        justification=justification(request),
        detail={"report": report_id, "bytes": len(body)},
    )
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["X-Derived-SHA256"] = hashlib.sha256(body).hexdigest()
    response["X-Recorded-SHA256"] = exhibit.derived_sha256
    response["Content-Disposition"] = f'attachment; filename="{exhibit.pk}-events.jsonl"'
    return response


@router.get("/reports/{report_id}/evidence-jobs/{job_id}", response=JobOut)
def read_job(request: HttpRequest, report_id: int, job_id: int) -> dict[str, Any]:
    report = evidence_report(
        actor(request),
        report_id,
        justification=justification(request),
        what="evidence_job",
        detail={"job": job_id},
    )
    job = Job.objects.filter(report=report, pk=job_id).first()
    if job is None:
        raise NotFound("job")
    return job_out(job)


@router.get("/reports/{report_id}/events", response=EventPage)
def list_events(request: HttpRequest, report_id: int, q: Query[EventQuery]) -> dict[str, Any]:
    filters = EventFilters(
        q.channel, q.counterpart, q.kind, q.date_from, q.date_to, q.rule, q.event
    )
    report = evidence_report(
        actor(request),
        report_id,
        justification=justification(request),
        action=Verb.SEARCHED,
        what="events",
        detail={**filters.audit_detail(), "after": q.after},
    )
    rows, cursor, count = page(report, filters, q.after, q.limit)
    return {"items": events_out(report, rows), "count": count, "next": cursor}


@router.get("/reports/{report_id}/conduct", response=dict[str, Any])
def conduct(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = evidence_report(
        actor(request), report_id, justification=justification(request), what="conduct"
    )
    result = analysis.stored(report)
    if result is None:
        result = analysis.compute(report).to_json()
    return result


@router.get("/reports/{report_id}/attributions", response=list[AttributionOut])
def list_attributions(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    report = evidence_report(
        actor(request), report_id, justification=justification(request), what="attributions"
    )
    rows = report.attributions.order_by("id")
    return [
        {"id": a.pk, "identifier": a.identifier, "person_id": a.person_id, "basis": a.basis}
        for a in rows
    ]


@router.delete("/reports/{report_id}/attributions/{attribution_id}", response={204: None})
def withdraw(request: HttpRequest, report_id: int, attribution_id: int) -> Status[None]:
    actions.withdraw_attribution(
        actor(request), report_id, attribution_id, justification=justification(request)
    )
    return Status(204, None)


@router.post("/reports/{report_id}/attributions", response={201: AttributionOut})
def attribute(request: HttpRequest, report_id: int, body: AttributionIn) -> Status[AttributionOut]:
    made = actions.attribute(
        actor(request),
        report_id,
        Attribute.from_dict(body.model_dump()),
        justification=justification(request),
    )
    return Status(
        201,
        AttributionOut(
            id=made.pk, identifier=made.identifier, person_id=made.person_id, basis=made.basis
        ),
    )


# The exhibit register's routes (other kinds of exhibit, media, links) share this router.
from foursight.evidence.register_api import router as register_router  # noqa: E402

router.add_router("", register_router)
