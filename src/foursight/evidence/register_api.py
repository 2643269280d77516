"""API of the exhibit register: register a file of any kind, read it, play it, link it.

Registration is multipart and streams: the body's file goes to a holding file beside the
originals store and is hashed as it arrives (:mod:`foursight.evidence.receiving`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import File, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import Field

from foursight.errors import TooLarge
from foursight.evidence import media
from foursight.evidence import register_actions as register
from foursight.evidence.access import exhibit_by_id
from foursight.evidence.models import ExhibitLink
from foursight.evidence.receiving import (
    ReceivedFile,
    discard_all,
    media_limit_message,
    receive_exhibits,
)
from foursight.evidence.serialise import exhibit_out
from foursight.server.api import actor, error_response, justification
from foursight.server.schemas import Strict, StrictForm
from foursight.server.uploads import refused

router = Router(tags=["exhibits"])


class ExhibitRegisterIn(Strict):
    reference: str = Field(description="producer's initials/number, e.g. AR/1")
    kind: str = Field(
        description="body_worn_video, cctv, photograph, screenshot, document or audio"
    )
    description: str
    produced_by: str = Field(description="the officer who produced or seized it")
    seized_at: str = Field("", description="when seized, ISO 8601 (Europe/London if no offset)")
    seized_where: str = ""


class ExhibitLinkIn(Strict):
    occasion_id: int | None = None
    event_id: int | None = Field(None, description="a contact event's id (as listed by /events)")
    note: str = ""


class ExhibitLinkOut(Schema):
    id: int
    exhibit_id: int
    occasion_id: int | None
    event_id: int | None
    event: str
    when: datetime | None
    note: str
    created_by: str
    created_at: datetime


class RegisteredExhibitOut(Schema):
    id: int
    report_id: int
    reference: str
    kind: str
    description: str
    produced_by: str
    seized_at: datetime | None
    seized_where: str
    file_name: str
    format: str
    sha256: str
    size: int
    created_at: datetime


class RegisteredExhibitDetail(RegisteredExhibitOut):
    links: list[ExhibitLinkOut]
    custody: list[dict[str, Any]]
    custody_verified: bool
    custody_message: str


def _registered(exhibit: Any, *, detail: bool = False) -> dict[str, Any]:
    out = exhibit_out(exhibit, custody=detail)
    out["report_id"] = exhibit.report_id
    if detail:
        links = ExhibitLink.objects.filter(exhibit=exhibit).select_related(
            "occasion", "event", "created_by"
        )
        out["links"] = [register.link_out(x) for x in links]
    return out


def _streamed(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Install the hashing upload handlers before the body is read; answer a file
    stopped at the media limit with 413; leave no holding file behind."""

    @wraps(run)
    def wrapper(request: HttpRequest, **kw: Any) -> HttpResponse:
        receive_exhibits(request)
        try:
            response = run(request, **kw)
            if refused(request) and response.status_code in (400, 422):
                return error_response(request, TooLarge(media_limit_message(), field="file"))
            return response
        finally:
            discard_all(request)

    return wrapper


@router.post(
    "/reports/{report_id}/exhibit-register",
    response={201: RegisteredExhibitOut},
    summary="Register an exhibit of any kind but a phone export (multipart: file plus fields)",
)
@decorate_view(_streamed)
def register_exhibit(
    request: HttpRequest,
    report_id: int,
    fields: StrictForm[ExhibitRegisterIn],
    file: File[UploadedFile | None] = None,
) -> Status[RegisteredExhibitOut]:
    """The file streams to the originals store, hashed as it arrives. 201 registered;
    400 a field is wrong (``reference`` form, ``kind`` not what the content is); 409
    ``reference`` already used on the report or the same file already an exhibit; 413
    larger than ``FOURSIGHT_MEDIA_UPLOAD_MAX_BYTES``. A refusal keeps nothing."""
    if refused(request):
        raise TooLarge(media_limit_message(), field="file")
    cmd = register.register_command(report_id, fields.model_dump(), justification(request))
    received = file if isinstance(file, ReceivedFile) else None
    exhibit = register.register_exhibit(actor(request), cmd, received)
    return Status(201, RegisteredExhibitOut(**_registered(exhibit)))


@router.get("/exhibits/{exhibit_id}", response=RegisteredExhibitDetail)
def read_exhibit(request: HttpRequest, exhibit_id: int) -> dict[str, Any]:
    """Any exhibit with its links and custody log."""
    exhibit = exhibit_by_id(actor(request), exhibit_id, justification=justification(request))
    return _registered(exhibit, detail=True)


@router.get(
    "/exhibits/{exhibit_id}/media",
    response={200: None, 206: None, 416: None},
    summary="The exhibit's bytes from the store, inline, with Range support",
)
def exhibit_media(request: HttpRequest, exhibit_id: int) -> HttpResponseBase:
    """Hash checked again before serving (in full on a request without Range or from byte
    0; later ranges of the same playback use a short-lived check of the same file); a
    mismatch answers 500 ``integrity_failure`` and serves nothing."""
    user = actor(request)
    reason = justification(request)
    exhibit = exhibit_by_id(user, exhibit_id, justification=reason, audit=False)
    return media.media_response(request, user, exhibit, justification=reason)


@router.get("/exhibits/{exhibit_id}/links", response=list[ExhibitLinkOut])
def list_links(request: HttpRequest, exhibit_id: int) -> list[dict[str, Any]]:
    exhibit = exhibit_by_id(actor(request), exhibit_id, justification=justification(request))
    links: list[dict[str, Any]] = _registered(exhibit, detail=True)["links"]
    return links


@router.post("/exhibits/{exhibit_id}/links", response={201: ExhibitLinkOut})
def add_link(request: HttpRequest, exhibit_id: int, body: ExhibitLinkIn) -> Status[ExhibitLinkOut]:
    """Link to exactly one occasion or contact event of the exhibit's report."""
    cmd = register.link_command(exhibit_id, body.model_dump(), justification(request))
    link = register.link_exhibit(actor(request), cmd)
    return Status(201, ExhibitLinkOut(**register.link_out(link)))
