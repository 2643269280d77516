"""API for redacted disclosure copies: propose, create, list, read, download."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from foursight.audit.vocabulary import Verb
from foursight.core.redaction import propose
from foursight.disclosure import actions
from foursight.disclosure.access import content_report, copy_for, listing_report, sees_content
from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.redacting import (
    MAX_TEXT,
    copy_bytes,
    exhibit_text,
    proposals,
    report_exhibit,
    terms_for,
)
from foursight.disclosure.serialise import copy_out, copy_summary
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict

PREFIX = ""
router = Router(tags=["disclosure"])


class ProposeIn(Strict):
    text: str = Field(max_length=MAX_TEXT)
    report_id: int
    extra_terms: list[str] = []


class SpanOut(Schema):
    start: int
    end: int
    entity: str
    score: float


class ProposeOut(Schema):
    spans: list[SpanOut]


class ExhibitProposalOut(Schema):
    exhibit_id: int
    exhibit_reference: str
    original_sha256: str
    text: str
    spans: list[SpanOut]


class DecisionIn(Strict):
    start: int
    end: int
    entity: str = Field(min_length=1, max_length=40)
    decision: Literal["accepted", "rejected", "added"]
    score: float = Field(1.0, ge=0, le=1)


class CopyIn(Strict):
    source: Literal["exhibit", "text", "schedule"]
    title: str = Field(min_length=1, max_length=200)
    exhibit_id: int | None = None
    text: str | None = Field(None, max_length=MAX_TEXT)
    spans: list[DecisionIn] = []


class CopySummaryOut(Schema):
    id: int
    report_id: int
    source: str
    exhibit_id: int | None
    exhibit_reference: str
    original_sha256: str
    derived_sha256: str
    created_at: datetime


class CopyOut(CopySummaryOut):
    title: str
    size: int
    tool: str
    created_by: str
    counts: dict[str, int]
    log: list[dict[str, Any]] | None = None


class CopyListOut(Schema):
    content: bool
    items: list[dict[str, Any]]


@router.post("/redactions/propose", response=ProposeOut)
def propose_route(request: HttpRequest, payload: ProposeIn) -> dict[str, Any]:
    spans = proposals(
        actor(request),
        payload.report_id,
        payload.text,
        payload.extra_terms,
        justification=justification(request),
    )
    return {"spans": [s.as_dict() for s in spans]}


@router.get(
    "/reports/{report_id}/exhibits/{exhibit_id}/redaction-proposals", response=ExhibitProposalOut
)
def exhibit_proposals(request: HttpRequest, report_id: int, exhibit_id: int) -> dict[str, Any]:
    user = actor(request)
    report = content_report(
        user,
        report_id,
        justification=justification(request),
        action=Verb.REDACTIONS_PROPOSED,
        what="exhibit",
        detail={"exhibit": exhibit_id},
    )
    exhibit = report_exhibit(report, exhibit_id)
    text = exhibit_text(exhibit)
    spans = propose(text, terms_for(report))
    return {
        "exhibit_id": exhibit.pk,
        "exhibit_reference": exhibit.reference,
        "original_sha256": exhibit.original.sha256,
        "text": text,
        "spans": [s.as_dict() for s in spans],
    }


@router.get("/reports/{report_id}/redacted-copies", response=CopyListOut)
def list_copies(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = actor(request)
    report = listing_report(user, report_id, justification=justification(request))
    rows = RedactedCopy.objects.filter(report=report).select_related("exhibit", "created_by")
    content = sees_content(user)
    shape = copy_out if content else copy_summary
    return {"content": content, "items": [shape(c) for c in rows.order_by("created_at", "id")]}


@router.post("/reports/{report_id}/redacted-copies", response={201: CopyOut})
def create_copy(request: HttpRequest, report_id: int, payload: CopyIn) -> Status[dict[str, Any]]:
    user = actor(request)
    cmd = actions.CreateCopy(
        report_id=report_id,
        source_kind=payload.source,
        title=payload.title,
        exhibit_id=payload.exhibit_id,
        text=payload.text,
        decisions=tuple(
            actions.Decision(d.start, d.end, d.entity, d.decision, d.score) for d in payload.spans
        ),
        justification=justification(request),
    )
    copy = actions.create_copy(user, cmd)
    return Status(201, copy_out(copy, log=True))


@router.get("/redacted-copies/{copy_id}", response=CopyOut)
def get_copy(request: HttpRequest, copy_id: int) -> dict[str, Any]:
    copy = copy_for(actor(request), copy_id, justification=justification(request))
    return copy_out(copy, log=True)


@router.get("/redacted-copies/{copy_id}/file")
def copy_file(request: HttpRequest, copy_id: int) -> HttpResponse:
    copy = copy_for(
        actor(request), copy_id, justification=justification(request), action=Verb.EXPORTED
    )
    response = HttpResponse(
        copy_bytes(copy.derived_sha256), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="redacted-copy-{copy.pk}.txt"'
    response["X-Content-SHA256"] = copy.derived_sha256
    return response
