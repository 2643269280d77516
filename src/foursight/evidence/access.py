"""Gatekeepers for phone evidence: the report's gatekeeper decides, then the role.

Evidence events are personal data of the victim and the suspect at once, so a user reads
them only when the report's gatekeeper (:func:`foursight.cases.access.report_for`) lets
them open the report AND their role sees both victims and suspects:

* officer, supervisor: evidence on reports in their own BCU; they may also import and
  attribute (writers);
* stac: evidence on reports referred to the STAC, read only;
* admin: everything, with a justification outside their home BCU;
* offender_unit: nothing (it sees suspects, not victims' communications);
* advocate, analyst: nothing.

Every route answers a refusal as the same NotFound as a missing report. Every view,
search and export is recorded in the audit log with what was filtered.
"""

from __future__ import annotations

from typing import Any

from foursight.accounts.access import may_write, sees_suspects, sees_victims
from foursight.accounts.models import User
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_part_for
from foursight.cases.models import Report
from foursight.errors import NotFound
from foursight.evidence.models import Exhibit


def sees_evidence(user: User) -> bool:
    return sees_victims(user) and sees_suspects(user)


def evidence_report(
    user: User,
    report_id: int,
    *,
    justification: str = "",
    action: Verb = Verb.VIEWED,
    what: str = "evidence",
    detail: dict[str, Any] | None = None,
    audit: bool = True,
) -> Report:
    """The report whose evidence the user may read; records the view, search or export."""
    return report_part_for(
        user,
        report_id,
        allowed=sees_evidence(user),
        what=what,
        justification=justification,
        action=action,
        detail=detail,
        audit=audit,
    )


def evidence_writer_report(user: User, report_id: int, *, justification: str = "") -> Report:
    """The report a user may add evidence or attributions to (not audited: actions record)."""
    if not may_write(user):
        raise NotFound("report")
    return evidence_report(user, report_id, justification=justification, audit=False)


def exhibit_for(user: User, report_id: int, exhibit_id: int, *, justification: str = "") -> Exhibit:
    report = evidence_report(
        user, report_id, justification=justification, what="exhibit", detail={"exhibit": exhibit_id}
    )
    exhibit = Exhibit.objects.filter(report=report, pk=exhibit_id).select_related("original")
    found = exhibit.first()
    if found is None:
        raise NotFound("exhibit")
    return found


def exhibit_by_id(
    user: User,
    exhibit_id: int,
    *,
    justification: str = "",
    write: bool = False,
    audit: bool = True,
) -> Exhibit:
    """An exhibit found by its own id, through its report's gatekeeper; a refusal is the
    same NotFound as a missing exhibit. ``write``: the user must also be a writer."""
    found = Exhibit.objects.filter(pk=exhibit_id).select_related("original", "report").first()
    try:
        if found is None or (write and not may_write(user)):
            raise NotFound("exhibit")
        evidence_report(
            user,
            found.report_id,
            justification=justification,
            what="exhibit",
            detail={"exhibit": exhibit_id},
            audit=audit and not write,
        )
    except NotFound:
        raise NotFound("exhibit") from None
    return found
