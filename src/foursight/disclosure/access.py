"""Gatekeepers for disclosure copies: the report's gatekeeper decides, then the role.

* officer, supervisor (the report's BCU) and admin (with a justification outside their
  home BCU): the text of exhibits, proposed redactions, copies, their logs and files;
* stac, offender_unit, advocate: that copies exist on a report they may open (kind,
  exhibit reference, hashes, dates, counts), never their content or title;
* analyst: nothing.

Missing and forbidden give the same NotFound. Every read is recorded in the audit log.
"""

from __future__ import annotations

from typing import Any

from foursight.accounts.access import may_write
from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_for, report_part_for
from foursight.cases.models import Report
from foursight.disclosure.models import RedactedCopy
from foursight.errors import NotFound


def sees_content(user: User) -> bool:
    """Writers (officer, supervisor, admin) see and make redacted copies."""
    return may_write(user)


def content_report(
    user: User,
    report_id: int,
    *,
    justification: str = "",
    action: Verb = Verb.VIEWED,
    what: str = "redacted_copies",
    detail: dict[str, Any] | None = None,
    audit: bool = True,
) -> Report:
    """The report whose disclosure material the user may read and redact."""
    return report_part_for(
        user,
        report_id,
        allowed=sees_content(user),
        what=what,
        justification=justification,
        action=action,
        detail=detail,
        audit=audit,
    )


def listing_report(user: User, report_id: int, *, justification: str = "") -> Report:
    """The report whose list of copies the user may see (content or not); audited."""
    report = report_for(user, report_id, justification=justification, audit=False)
    record(
        user,
        Verb.VIEWED,
        "redacted_copies",
        report.pk,
        justification=justification.strip(),
        detail={"content": sees_content(user)},
    )
    return report


def copy_for(
    user: User, copy_id: int, *, justification: str = "", action: Verb = Verb.VIEWED
) -> RedactedCopy:
    """A copy with its content, for a user who may redact its report; audited."""
    if not sees_content(user):
        raise NotFound("redacted copy")
    found = RedactedCopy.objects.filter(pk=copy_id).select_related("exhibit").first()
    if found is None:
        raise NotFound("redacted copy")
    try:
        report = report_for(user, found.report_id, justification=justification, audit=False)
    except NotFound as exc:
        raise NotFound("redacted copy") from exc
    record(
        user,
        action,
        "redacted_copy",
        found.pk,
        justification=justification.strip(),
        detail={"report": report.pk},
    )
    found.report = report
    return found
