"""API for the public and victims: online reports, anonymous information, the victim's
session, diary and uploads. Staff routes (triage, grading, links) are in ``staff_api``.

The public routes need no sign-in. The anonymous information route never reads the
caller's address or browser details. Victim routes take ``Authorization: Bearer
<session>`` from ``POST /victim/session``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import Field

from foursight.intake import actions, serialise, throttle, uploads, victim
from foursight.intake.commands import AddDiaryEntry, SubmitInformation, SubmitOnlineReport
from foursight.intake.models import VictimSession
from foursight.intake.staff_api import router as staff_router
from foursight.server.schemas import Strict

PREFIX = ""
router = Router(tags=["intake"])
router.add_router("", staff_router)


class VictimBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> VictimSession | None:
        return victim.session_for(token)


def caller(request: HttpRequest) -> str:
    """The throttle key of the caller's address: a salted hash held in memory only."""
    return throttle.caller_key(request.META.get("REMOTE_ADDR", ""))


def victim_session(request: HttpRequest) -> VictimSession:
    session = request.auth  # type: ignore[attr-defined]
    assert isinstance(session, VictimSession)
    return session


class PublicIdentifierIn(Schema):
    kind: str = ""
    value: str = Field("", max_length=300)


class ReporterIn(Strict):
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=200)
    address: str = Field("", max_length=300)


class SuspectIn(Strict):
    name: str = Field("", max_length=200)
    relationship: str = ""
    identifiers: list[PublicIdentifierIn | str] = []


class PublicReportIn(Strict):
    what_happened: str = ""
    started: str = Field("", max_length=100)
    postcode: str = Field("", max_length=12)
    borough: str = Field("", max_length=60)
    reporter: ReporterIn
    suspect: SuspectIn | None = None
    safe_contact: str = Field("", max_length=300)
    website: str = ""


class PublicReferenceOut(Schema):
    reference: str


class AboutIn(Strict):
    name: str = Field("", max_length=200)
    identifiers: list[PublicIdentifierIn | str] = []


class InformationIn(Strict):
    about: AboutIn | None = None
    what: str = ""
    where: str = Field("", max_length=300)
    postcode: str = Field("", max_length=12)
    website: str = ""


class InformationOut(Schema):
    received: bool
    reference: str


class SessionIn(Strict):
    token: str = Field(max_length=200)
    passcode: str = Field(max_length=40)


class SessionOut(Schema):
    session: str
    expires_at: datetime


class DiaryIn(Strict):
    occurred_at: datetime | str
    place: str = ""
    what_happened: str = ""
    effect: str = ""
    witnesses: str = ""


class DiaryOut(Schema):
    id: int
    status: str
    occurred_at: datetime


def _plain(model: Schema | None) -> dict[str, Any]:
    return model.model_dump() if model is not None else {}


@router.post(
    "/public/reports",
    auth=None,
    response={201: PublicReferenceOut},
    summary="Report stalking online",
)
def public_report(request: HttpRequest, body: PublicReportIn) -> Status[dict[str, str]]:
    online = actions.submit_online_report(
        SubmitOnlineReport.from_dict(_plain(body)), caller=caller(request)
    )
    return Status(201, {"reference": online.report.reference})


@router.post(
    "/public/information",
    auth=None,
    response={201: InformationOut},
    summary="Give information anonymously",
)
def public_information(request: HttpRequest, body: InformationIn) -> Status[dict[str, Any]]:
    item = actions.submit_information(SubmitInformation.from_dict(_plain(body)))
    return Status(201, {"received": True, "reference": item.reference})


@router.post("/victim/session", auth=None, response={201: SessionOut})
def victim_sign_in(request: HttpRequest, body: SessionIn) -> Status[dict[str, Any]]:
    session, secret = victim.open_session(body.token, body.passcode, caller=caller(request))
    return Status(201, {"session": secret, "expires_at": session.expires_at})


@router.delete("/victim/session", auth=VictimBearer(), response={204: None})
def victim_sign_out(request: HttpRequest) -> Status[None]:
    victim.end_session(victim_session(request))
    return Status(204, None)


@router.get("/victim/me", auth=VictimBearer())
def victim_me(request: HttpRequest) -> dict[str, Any]:
    return serialise.victim_view(victim_session(request))


@router.post("/victim/diary", auth=VictimBearer(), response={201: DiaryOut})
def victim_diary(request: HttpRequest, body: DiaryIn) -> Status[dict[str, Any]]:
    command = AddDiaryEntry.from_dict(body.model_dump())
    entry = victim.add_diary_entry(victim_session(request), command)
    return Status(201, {"id": entry.pk, "status": entry.status, "occurred_at": entry.occurred_at})


@router.get("/victim/diary", auth=VictimBearer())
def victim_diary_list(request: HttpRequest) -> list[dict[str, Any]]:
    return list(serialise.victim_view(victim_session(request))["diary"])


@router.post("/victim/uploads", auth=VictimBearer(), response={201: dict[str, Any]})
def victim_upload(request: HttpRequest) -> Status[dict[str, Any]]:
    """Multipart ``file`` (and ``diary_entry``, optional). The declared size is checked
    before any of the body is read; the upload stops when it passes the limit."""
    done = uploads.from_request(victim_session(request), request)
    return Status(201, serialise.upload_out(done))
