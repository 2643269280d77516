"""Gatekeepers for case files: the report's gatekeeper decides, then the role.

* officer, supervisor: case files of reports in their own BCU: read, make, edit and
  issue them; only a supervisor approves;
* admin: reads a file's content anywhere (with a justification outside the home BCU),
  changes nothing;
* stac, offender_unit, advocate: on reports they may open, that a file exists, its
  status and its version history (numbers, dates, hashes), never its content;
* analyst: counts only (:func:`foursight.casefiles.api.counts`).

Missing and forbidden give the same NotFound. Every read is recorded in the audit log.
"""

from __future__ import annotations

from foursight.accounts.access import BCU_ROLES
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.casefiles.models import CaseFile
from foursight.cases.access import report_for
from foursight.cases.models import Report
from foursight.errors import NotFound

CONTENT_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})


def sees_content(user: User) -> bool:
    return user.role in CONTENT_ROLES


def may_make(user: User) -> bool:
    """Officers and supervisors make, edit and issue files (of their BCU's reports)."""
    return user.role in BCU_ROLES


def may_approve(user: User) -> bool:
    return user.role == Role.SUPERVISOR


def status_report(user: User, report_id: int, *, justification: str = "") -> Report:
    """The report whose case-file status the user may see; records the look."""
    try:
        report = report_for(user, report_id, justification=justification, audit=False)
    except NotFound:
        raise NotFound("report") from None
    record(user, Verb.VIEWED, "case_file_status", report.pk, justification=justification.strip())
    return report


def status_file(user: User, case_file_id: int, *, justification: str = "") -> CaseFile:
    """A case file for its status and history only (any role that may open its report)."""
    found = CaseFile.objects.filter(pk=case_file_id).first()
    if found is None:
        raise NotFound("case file")
    try:
        report_for(user, found.report_id, justification=justification, audit=False)
    except NotFound:
        raise NotFound("case file") from None
    record(user, Verb.VIEWED, "case_file_status", found.pk, justification=justification.strip())
    return found


def content_file(user: User, case_file_id: int, *, justification: str = "") -> CaseFile:
    """A case file with its content, for roles that read it; records the reading."""
    if not sees_content(user):
        raise NotFound("case file")
    found = CaseFile.objects.filter(pk=case_file_id).first()
    if found is None:
        raise NotFound("case file")
    try:
        report = report_for(user, found.report_id, justification=justification, audit=False)
    except NotFound:
        raise NotFound("case file") from None
    found.report = report
    record(user, Verb.VIEWED, "case_file", found.pk, justification=justification.strip())
    return found


def maker_report(user: User, report_id: int, *, justification: str = "") -> Report:
    """The report a user may make a case file for (not audited: the action records)."""
    if not may_make(user):
        raise NotFound("report")
    return report_for(user, report_id, justification=justification, audit=False)


def maker_file(user: User, case_file_id: int, *, justification: str = "") -> CaseFile:
    """The case file a user may edit or issue, locked for the change (inside a transaction)."""
    if not may_make(user):
        raise NotFound("case file")
    found = CaseFile.objects.select_for_update().filter(pk=case_file_id).first()
    if found is None:
        raise NotFound("case file")
    try:
        found.report = report_for(user, found.report_id, justification=justification, audit=False)
    except NotFound:
        raise NotFound("case file") from None
    return found
