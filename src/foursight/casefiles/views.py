"""The report's "Case file" page: generate, edit, check completeness, approve, issue, history.

Officers and supervisors of the report's BCU see and change the file; admin reads it;
the STAC, the offender unit and advocates see only that it exists, its status and its
versions. Every change goes through :mod:`foursight.casefiles.actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from foursight.accounts.models import User
from foursight.accounts.views import page_justification, page_user
from foursight.casefiles import access, actions, store
from foursight.casefiles.api import status_counts, version_for, versions_out
from foursight.casefiles.models import CaseFile
from foursight.core.casefile import EDITABLE, completeness
from foursight.errors import FoursightError, NotFound


def _context(user: User, report_id: int, reason: str) -> dict[str, Any]:
    report = access.status_report(user, report_id, justification=reason)
    case_file = CaseFile.objects.filter(report=report).select_related("approved_by").first()
    context: dict[str, Any] = {
        "report": report,
        "case_file": case_file,
        "sees_content": access.sees_content(user),
        "may_make": access.may_make(user),
        "may_approve": access.may_approve(user),
        "versions": versions_out(case_file) if case_file else [],
        "errors": {},
    }
    if case_file is not None and access.sees_content(user):
        access.content_file(user, case_file.pk, justification=reason)
        edits = case_file.edits
        context["sections"] = [
            {"key": k, "heading": h, "hint": hint, "text": edits.get(k, "")}
            for k, (h, hint) in EDITABLE.items()
        ]
        context["checks"] = completeness(case_file.generated, edits)
        context["missing"] = sum(1 for c in context["checks"] if not c["present"])
        context["doc"] = case_file.generated
    return context


@login_required
@require_GET
def case_file_page(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    context = _context(user, report_id, page_justification(request))
    return render(request, "casefiles/case_file.html", context)


def _act(request: HttpRequest, report_id: int, run: Any, done: str = "") -> HttpResponse:
    """Run a change; on a refusal show the page again with the message (and its status)."""
    user = page_user(request)
    reason = page_justification(request)
    try:
        run(user, reason)
    except NotFound:
        raise
    except FoursightError as exc:
        context = _context(user, report_id, reason)
        context["errors"] = {exc.field or "case-file": exc.message}
        if exc.field and exc.field.startswith("edits."):
            key = exc.field.removeprefix("edits.")
            for section in context.get("sections", []):
                if section["key"] == key:
                    section["text"] = request.POST.get(key, "")
        return render(request, "casefiles/case_file.html", context, status=exc.status)
    messages.success(request, done or DONE.get(request.path.rsplit("/", 1)[-1], "Case file saved"))
    return redirect(f"/reports/{report_id}/case-file")


DONE = {
    "generate": "Case file generated from the report",
    "regenerate": "Case file generated again from the report",
    "edit": "Case file saved",
    "approve": "Case file approved for issue",
    "issue": "New version of the case file issued",
}


def _file_id(user: User, report_id: int, reason: str) -> int:
    report = access.maker_report(user, report_id, justification=reason)
    found = CaseFile.objects.filter(report=report).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound("case file")
    return int(found)


@login_required
@require_POST
def generate(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        lambda user, reason: actions.create_case_file(
            user, actions.CreateCaseFile(report_id, reason)
        ),
    )


def _on_file(
    request: HttpRequest,
    report_id: int,
    action: Callable[[User, Any], object],
    command: Callable[[int, str], Any],
) -> HttpResponse:
    """Run ``action`` with ``command(case file id, reason)`` on the report's case file."""

    def run(user: User, reason: str) -> None:
        action(user, command(_file_id(user, report_id, reason), reason))

    return _act(request, report_id, run)


@login_required
@require_POST
def regenerate(request: HttpRequest, report_id: int) -> HttpResponse:
    return _on_file(request, report_id, actions.regenerate, actions.RegenerateCaseFile)


@login_required
@require_POST
def edit(request: HttpRequest, report_id: int) -> HttpResponse:
    def run(user: User, reason: str) -> None:
        cid = _file_id(user, report_id, reason)
        edits = {k: request.POST[k] for k in EDITABLE if k in request.POST}
        actions.edit(user, actions.EditCaseFile(cid, edits, reason))

    return _act(request, report_id, run)


@login_required
@require_POST
def approve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _on_file(request, report_id, actions.approve, actions.ApproveCaseFile)


@login_required
@require_POST
def issue(request: HttpRequest, report_id: int) -> HttpResponse:
    return _on_file(request, report_id, actions.issue, actions.IssueCaseFile)


@login_required
@require_GET
def pdf(request: HttpRequest, report_id: int, n: int) -> HttpResponse:
    user = page_user(request)
    reason = page_justification(request)
    report = access.status_report(user, report_id, justification=reason)
    case_file = CaseFile.objects.filter(report=report).first()
    if case_file is None:
        raise NotFound("case file")
    version = version_for(user, case_file.pk, n, reason, "pdf")
    response = HttpResponse(store.read(version.pdf_sha256), content_type="application/pdf")
    name = f"casefile-{report.reference}-v{n}.pdf".replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def counts_page(request: HttpRequest) -> HttpResponse:
    """Case files by status across the force: counts only, for supervisors and analysts."""
    counts = status_counts(page_user(request))
    return render(request, "casefiles/counts.html", {"counts": counts})


def report_panel(request: HttpRequest, user: Any, report: Any) -> str:
    """The case file's status on the report page and, for those who read it, what a
    charging decision still lacks (shown before the file is sent)."""
    case_file = CaseFile.objects.filter(report=report).first()
    context: dict[str, Any] = {"report": report, "case_file": case_file}
    if case_file is not None and access.sees_content(user):
        checks = completeness(case_file.generated, case_file.edits)
        context["checks"] = checks
        context["missing"] = [c for c in checks if not c["present"]]
    return render_to_string("casefiles/_report_panel.html", context, request=request)
