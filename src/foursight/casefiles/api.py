"""API for case files: generate, read, edit, approve, issue, versions, PDF and bundle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.casefiles import access, actions, store
from foursight.casefiles.models import CaseFile, CaseFileVersion
from foursight.core.casefile import EDITABLE, completeness
from foursight.errors import NotFound
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict

PREFIX = ""
router = Router(tags=["case files"])


class VersionOut(Schema):
    n: int
    sha256: str
    issued_at: datetime
    issued_by: str
    approved_by: str


class CaseFileStatusOut(Schema):
    id: int
    report_id: int
    status: str
    versions: list[VersionOut]


class CaseFileOut(CaseFileStatusOut):
    generated_at: datetime
    created_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    edits: dict[str, str]
    generated: dict[str, Any]
    completeness: list[dict[str, Any]]


class EditIn(Strict):
    edits: dict[str, str] = Field(description="free text by section: " + ", ".join(EDITABLE))


class IssueOut(Schema):
    id: int
    status: str
    version: int
    sha256: str


class CountsOut(Schema):
    draft: int
    approved: int
    issued: int
    versions: int


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def versions_out(case_file: CaseFile) -> list[dict[str, Any]]:
    rows = case_file.versions.select_related("issued_by", "approved_by").order_by("n")
    return [
        {
            "n": v.n,
            "sha256": v.sha256,
            "issued_at": v.issued_at,
            "issued_by": _name(v.issued_by),
            "approved_by": _name(v.approved_by),
        }
        for v in rows
    ]


def status_out(case_file: CaseFile) -> dict[str, Any]:
    return {
        "id": case_file.pk,
        "report_id": case_file.report_id,
        "status": case_file.status,
        "versions": versions_out(case_file),
    }


def file_out(case_file: CaseFile) -> dict[str, Any]:
    return {
        **status_out(case_file),
        "generated_at": case_file.generated_at,
        "created_at": case_file.created_at,
        "approved_by": _name(case_file.approved_by) or None,
        "approved_at": case_file.approved_at,
        "edits": case_file.edits,
        "generated": case_file.generated,
        "completeness": completeness(case_file.generated, case_file.edits),
    }


@router.post("/reports/{report_id}/case-files", response={201: CaseFileOut})
def create(request: HttpRequest, report_id: int) -> Status[dict[str, Any]]:
    """Generate a draft case file from the report (officer or supervisor of its BCU)."""
    command = actions.CreateCaseFile(report_id, justification(request))
    return Status(201, file_out(actions.create_case_file(actor(request), command)))


@router.get("/reports/{report_id}/case-files", response=list[CaseFileStatusOut])
def for_report(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    """Whether the report has a case file, its status and versions (no content)."""
    report = access.status_report(actor(request), report_id, justification=justification(request))
    return [status_out(f) for f in CaseFile.objects.filter(report=report)]


def status_counts(user: User) -> dict[str, int]:
    """How many case files there are by status, force-wide, and issued versions (no
    personal data: every role may see them); the look is recorded."""
    by_status = dict(CaseFile.objects.values_list("status").annotate(n=Count("id")))
    record(user, Verb.VIEWED, "case_file_counts")
    return {
        "draft": by_status.get("draft", 0),
        "approved": by_status.get("approved", 0),
        "issued": by_status.get("issued", 0),
        "versions": CaseFileVersion.objects.count(),
    }


@router.get("/case-files/counts", response=CountsOut)
def counts(request: HttpRequest) -> dict[str, int]:
    """How many case files there are by status, force-wide (aggregates, for every role)."""
    return status_counts(actor(request))


@router.get("/case-files/{case_file_id}", response=CaseFileOut)
def read(request: HttpRequest, case_file_id: int) -> dict[str, Any]:
    return file_out(
        access.content_file(actor(request), case_file_id, justification=justification(request))
    )


@router.get("/case-files/{case_file_id}/status", response=CaseFileStatusOut)
def status(request: HttpRequest, case_file_id: int) -> dict[str, Any]:
    """That the file exists, its status and version history, for every role that may open
    its report (STAC, offender unit and advocates see no content)."""
    return status_out(
        access.status_file(actor(request), case_file_id, justification=justification(request))
    )


@router.patch("/case-files/{case_file_id}", response=CaseFileOut)
def edit(request: HttpRequest, case_file_id: int, payload: EditIn) -> dict[str, Any]:
    """Replace the officer's free text of the sections given (an approved file becomes a draft)."""
    command = actions.EditCaseFile(case_file_id, dict(payload.edits), justification(request))
    return file_out(actions.edit(actor(request), command))


@router.post("/case-files/{case_file_id}/regenerate", response=CaseFileOut)
def regenerate(request: HttpRequest, case_file_id: int) -> dict[str, Any]:
    command = actions.RegenerateCaseFile(case_file_id, justification(request))
    return file_out(actions.regenerate(actor(request), command))


@router.post("/case-files/{case_file_id}/approve", response=CaseFileOut)
def approve(request: HttpRequest, case_file_id: int) -> dict[str, Any]:
    """A supervisor of the report's BCU approves the draft."""
    command = actions.ApproveCaseFile(case_file_id, justification(request))
    return file_out(actions.approve(actor(request), command))


@router.post("/case-files/{case_file_id}/issue", response=IssueOut)
def issue(request: HttpRequest, case_file_id: int) -> dict[str, Any]:
    """Issue an approved file as a new immutable version (409 if it is not approved)."""
    version = actions.issue(
        actor(request), actions.IssueCaseFile(case_file_id, justification(request))
    )
    return {"id": case_file_id, "status": "issued", "version": version.n, "sha256": version.sha256}


@router.get("/case-files/{case_file_id}/versions", response=list[VersionOut])
def versions(request: HttpRequest, case_file_id: int) -> list[dict[str, Any]]:
    return versions_out(
        access.status_file(actor(request), case_file_id, justification=justification(request))
    )


def version_for(user: User, case_file_id: int, n: int, reason: str, what: str) -> CaseFileVersion:
    """An issued version for a content reader; the download is recorded."""
    case_file = access.content_file(user, case_file_id, justification=reason)
    version = case_file.versions.filter(n=n).first()
    if version is None:
        raise NotFound("version")
    record(
        user,
        Verb.EXPORTED,
        "case_file",
        case_file.pk,
        justification=reason.strip(),
        detail={"version": n, "part": what},
    )
    return version


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/case-files/{case_file_id}/versions/{n}/file.pdf", response={200: None})
def pdf(request: HttpRequest, case_file_id: int, n: int) -> HttpResponse:
    version = version_for(actor(request), case_file_id, n, justification(request), "pdf")
    return _download(
        store.read(version.pdf_sha256), "application/pdf", f"casefile-{case_file_id}-v{n}.pdf"
    )


@router.get("/case-files/{case_file_id}/versions/{n}/bundle.zip", response={200: None})
def bundle(request: HttpRequest, case_file_id: int, n: int) -> HttpResponse:
    version = version_for(actor(request), case_file_id, n, justification(request), "bundle")
    return _download(
        actions.bundle_bytes(version), "application/zip", f"casefile-{case_file_id}-v{n}.zip"
    )
