"""Staff API for intake: the triage queue, accepting online reports, grading and linking
anonymous information, reviewing diary entries, and giving victims their links."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from foursight.accounts.access import require_personal_data
from foursight.cases.access import report_for
from foursight.errors import NotFound
from foursight.intake import actions, serialise, victim
from foursight.intake.access import information_for, intelligence_about, require_triage
from foursight.intake.commands import AcceptDiaryEntry, GradeInformation, QueryDiaryEntry
from foursight.intake.models import VictimAccess
from foursight.people.access import person_for
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict

router = Router(tags=["triage"])


class TriageItem(Schema):
    kind: str
    id: int
    reference: str
    report_id: int | None
    received_at: datetime
    waiting_seconds: int
    waiting: str
    text: str
    borough: str


class TriagePage(Schema):
    items: list[TriageItem]
    count: int


class TriageQuery(Schema):
    kind: Literal["online_report", "information", "diary_entry", ""] = ""


@router.get("/triage", response=TriagePage, summary="What awaits review in the BCU")
def triage(request: HttpRequest, q: Query[TriageQuery]) -> dict[str, Any]:
    user = actor(request)
    require_triage(user)
    items = serialise.triage_items(user, q.kind)
    return {"items": items, "count": len(items)}


class AcceptedOut(Schema):
    report_id: int
    reference: str
    status: str


@router.post("/triage/online-reports/{online_id}/accept", response=AcceptedOut)
def accept_online(request: HttpRequest, online_id: int) -> dict[str, Any]:
    report = actions.accept_online_report(
        actor(request), online_id, justification=justification(request)
    )
    return {"report_id": report.pk, "reference": report.reference, "status": report.status}


@router.get("/intelligence/{item_id}")
def read_information(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return serialise.information_out(information_for(actor(request), item_id))


class GradeIn(Strict):
    source_evaluation: Literal["1", "2", "3"]
    assessment: Literal["A", "B", "C", "D", "E"]
    handling: Literal["P", "C"]
    handling_conditions: str = ""
    sanitised: str = Field(min_length=1)


@router.post("/intelligence/{item_id}/grade")
def grade(request: HttpRequest, item_id: int, body: GradeIn) -> dict[str, Any]:
    item = actions.grade_information(
        actor(request), item_id, GradeInformation.from_dict(body.model_dump())
    )
    return serialise.information_out(item)


class LinkIn(Strict):
    person_id: int


@router.post("/intelligence/{item_id}/link")
def link(request: HttpRequest, item_id: int, body: LinkIn) -> dict[str, Any]:
    item = actions.link_information(
        actor(request), item_id, body.person_id, justification=justification(request)
    )
    return serialise.information_out(item)


class CloseIn(Strict):
    reason: str


@router.post("/intelligence/{item_id}/close")
def close(request: HttpRequest, item_id: int, body: CloseIn) -> dict[str, Any]:
    return serialise.information_out(
        actions.close_information(actor(request), item_id, body.reason)
    )


@router.get("/persons/{person_id}/intelligence")
def person_intelligence(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """Graded intelligence linked to a person: sanitised wording and grade only."""
    user = actor(request)
    try:
        require_personal_data(user)
    except Exception as exc:
        raise NotFound("person") from exc
    person = person_for(user, person_id, justification=justification(request))
    return [serialise.information_out(i, full=False) for i in intelligence_about(user, person)]


class AcceptDiaryIn(Strict):
    behaviours: list[str] = Field(min_length=1)
    note: str = ""


class QueryDiaryIn(Strict):
    note: str


@router.post("/diary/{entry_id}/accept")
def accept_diary(request: HttpRequest, entry_id: int, body: AcceptDiaryIn) -> dict[str, Any]:
    entry = victim.accept_diary_entry(
        actor(request),
        entry_id,
        AcceptDiaryEntry.from_dict(body.model_dump()),
        justification=justification(request),
    )
    return serialise.diary_out(entry)


@router.post("/diary/{entry_id}/query")
def query_diary(request: HttpRequest, entry_id: int, body: QueryDiaryIn) -> dict[str, Any]:
    command = QueryDiaryEntry.from_dict(body.model_dump())
    entry = victim.query_diary_entry(actor(request), entry_id, command)
    return serialise.diary_out(entry)


class AccessOut(Schema):
    id: int
    url: str
    passcode: str
    expires_at: datetime


class AccessRow(Schema):
    id: int
    created_at: datetime
    created_by: str
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


def access_row(access: VictimAccess) -> dict[str, Any]:
    return {
        "id": access.pk,
        "created_at": access.created_at,
        "created_by": access.created_by.username,
        "expires_at": access.expires_at,
        "revoked_at": access.revoked_at,
        "last_used_at": access.last_used_at,
    }


@router.post("/reports/{report_id}/victim-access", response={201: AccessOut})
def give_access(request: HttpRequest, report_id: int) -> Status[dict[str, Any]]:
    """A private link and passcode for the report's victim; give them separately."""
    access, token, passcode = victim.create_access(
        actor(request), report_id, justification=justification(request)
    )
    url = request.build_absolute_uri(f"/victim/{token}")
    return Status(
        201, {"id": access.pk, "url": url, "passcode": passcode, "expires_at": access.expires_at}
    )


@router.get("/reports/{report_id}/victim-access", response=list[AccessRow])
def list_access(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    user = actor(request)
    require_triage(user)
    report = report_for(user, report_id, justification=justification(request))
    return [access_row(a) for a in report.victim_links.select_related("created_by")]


@router.post("/victim-access/{access_id}/revoke", response=AccessRow)
def revoke(request: HttpRequest, access_id: int) -> dict[str, Any]:
    access = victim.revoke_access(actor(request), access_id, justification=justification(request))
    return access_row(access)
