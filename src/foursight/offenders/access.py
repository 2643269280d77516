"""Gatekeepers for offenders, report matches, the review queue and harm rankings.

The rules (need-to-know; docs/offenders.md):

* offender_unit, admin: every offender, force-wide, with a justification when the
  offender has no report in their home BCU (force-level users always give one);
* officer, supervisor: offenders with a mention on a report in their own BCU;
* stac: offenders with a mention on a STAC-referred report;
* advocate: never (no suspect intelligence); analyst: never (aggregates only).

The review queue and its decisions are for offender_unit and admin only, with a
justification. Highest-harm lists: offender_unit and admin for the force and any BCU;
officers and supervisors for their own BCU. Possible matches on a report: any role that
sees suspects, on a report it may open. The repeat-offending insight (aggregates) is for
analysts, supervisors and admins. Missing and forbidden give the same NotFound.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from foursight.accounts.access import check_justification, require_personal_data, sees_suspects
from foursight.accounts.models import Role, Unit, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import report_for, visible_reports
from foursight.cases.models import Report
from foursight.errors import Forbidden, NotFound
from foursight.offenders.models import Edge, Offender

OFFENDER_ROLES = frozenset(
    {Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.OFFENDER_UNIT, Role.ADMIN}
)
REVIEW_ROLES = frozenset({Role.OFFENDER_UNIT, Role.ADMIN})
FORCE_HARM_ROLES = frozenset({Role.OFFENDER_UNIT, Role.ADMIN})
BCU_HARM_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})
INSIGHT_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR, Role.ADMIN})


def visible_offenders(user: User) -> QuerySet[Offender]:
    """Active offenders the user may open (before any justification), by role."""
    if user.role not in OFFENDER_ROLES:
        return Offender.objects.none()
    offenders = Offender.objects.filter(active=True)
    if user.role in (Role.OFFENDER_UNIT, Role.ADMIN):
        return offenders
    return offenders.filter(mentions__report__in=visible_reports(user).values("pk")).distinct()


def _in_home_bcu(user: User, offender: Offender) -> int | None:
    """The user's home BCU if the offender has a report there, else None (elsewhere)."""
    home = user.home_bcu_id
    if home is None:
        return None
    here = Q(mentions__report__unit_id=home) | Q(mentions__report__unit__parent_id=home)
    return home if Offender.objects.filter(pk=offender.pk).filter(here).exists() else None


def offender_for(user: User, code: str, *, justification: str = "", audit: bool = True) -> Offender:
    """The offender ``code`` (followed through merges) if the user may open it; audited."""
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("offender") from exc
    current = code.strip().upper()
    for _ in range(10):  # a merged identity points at the one that absorbed it
        found = Offender.objects.filter(code=current, active=False).first()
        if found is None or not found.merged_into:
            break
        current = found.merged_into
    offender = visible_offenders(user).filter(code=current).first()
    if offender is None:
        raise NotFound("offender")
    reason = check_justification(user, _in_home_bcu(user, offender), justification)
    if audit:
        record(user, Verb.VIEWED, "offender", offender.code, justification=reason)
    return offender


def search_offenders(user: User, *, justification: str = "") -> QuerySet[Offender]:
    """The offender list: a force-wide search for force roles (justified), audited."""
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("offender") from exc
    if user.role not in OFFENDER_ROLES:
        raise NotFound("offender")
    reason = ""
    if user.role in (Role.OFFENDER_UNIT, Role.ADMIN):
        reason = check_justification(user, None, justification)
    record(user, Verb.SEARCHED, "offender", justification=reason)
    return visible_offenders(user)


def report_matches_for(user: User, report_id: int, *, justification: str = "") -> Report:
    """The report whose suspects' possible matches the user may see; audited."""
    if not sees_suspects(user):
        raise NotFound("report")
    report = report_for(user, report_id, justification=justification, audit=False)
    record(user, Verb.VIEWED, "report_matches", report.pk, justification=justification.strip())
    return report


def require_reviewer(user: User, justification: str) -> str:
    if user.role not in REVIEW_ROLES:
        raise NotFound("pair")
    return check_justification(user, None, justification)


def review_queue(user: User, *, justification: str = "") -> QuerySet[Edge]:
    """Pairs awaiting review, those that would merge two people first; audited."""
    reason = require_reviewer(user, justification)
    record(user, Verb.VIEWED, "linkage_review", justification=reason)
    return Edge.objects.filter(status=Edge.Status.REVIEW).select_related(
        "left__report__unit", "right__report__unit", "left__person", "right__person"
    )


def review_edge_for(user: User, edge_id: int, *, justification: str = "") -> tuple[Edge, str]:
    """One queued or decided pair for a reviewer, with the justification given."""
    reason = require_reviewer(user, justification)
    edge = (
        Edge.objects.select_related(
            "left__report__unit", "right__report__unit", "left__person", "right__person"
        )
        .filter(pk=edge_id)
        .first()
    )
    if edge is None:
        raise NotFound("pair")
    return edge, reason


def harm_scope_for(user: User, bcu: str | None, *, justification: str = "") -> Unit | None:
    """The scope of a highest-harm list the user may see: a BCU, or None for the force.

    Without a BCU, force roles get the force list and officers and supervisors their
    own BCU's; an officer asking for another BCU is NotFound. Reading it is audited.
    """
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("ranking") from exc
    unit = None
    if bcu:
        unit = Unit.objects.filter(code=bcu.strip().upper(), kind=Unit.Kind.BCU).first()
        if unit is None:
            raise NotFound("ranking")
    if user.role in BCU_HARM_ROLES:
        home = user.home_bcu_id
        if unit is None and home is not None:
            unit = Unit.objects.get(pk=home)
        if unit is None or unit.pk != home:
            raise NotFound("ranking")
    elif user.role not in FORCE_HARM_ROLES:
        raise NotFound("ranking")
    reason = check_justification(user, unit.pk if unit else None, justification)
    record(user, Verb.VIEWED, "harm_ranking", unit.code if unit else "force", justification=reason)
    return unit


def require_insight(user: User) -> None:
    """The repeat-offending aggregates: analysts, supervisors and admins."""
    if user.role not in INSIGHT_ROLES:
        raise NotFound("page")
