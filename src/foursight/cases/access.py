"""Gatekeepers for reports: the only path from an id to a report for a user.

Missing and forbidden raise the same :class:`NotFound`. Reads are audited here, so no
route can forget; actions that change a report pass ``audit=False`` and record the change.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from foursight.accounts.access import (
    PERSONAL_DATA_ROLES,
    check_justification,
    require_personal_data,
    sees_suspects,
    sees_victims,
)
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.errors import Forbidden, NotFound


def _in_bcu(bcu_id: int | None) -> Q:
    return Q(unit_id=bcu_id) | Q(unit__parent_id=bcu_id)


def visible_reports(user: User) -> QuerySet[Report]:
    """Every report the user may open (before any justification), by role."""
    reports = Report.objects.all()
    role = user.role
    if role in (Role.OFFICER, Role.SUPERVISOR):
        return reports.filter(_in_bcu(user.home_bcu_id))
    if role == Role.STAC:
        return reports.filter(stac_referred_at__isnull=False)
    if role == Role.OFFENDER_UNIT:
        return reports.filter(parties__role=Party.Role.SUSPECT).distinct()
    if role == Role.ADVOCATE:
        return reports.filter(parties__advocates__advocate=user).distinct()
    if role == Role.ADMIN:
        return reports
    return reports.none()


def report_bcu_id(report: Report) -> int | None:
    return report.unit.bcu_id


def report_for(
    user: User, report_id: int, *, justification: str = "", audit: bool = True
) -> Report:
    """The report ``report_id`` if the user may open it; records the consultation."""
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("report") from exc
    report = (
        visible_reports(user)
        .select_related("unit", "unit__parent", "allocated_officer")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound("report")
    reason = check_justification(user, report_bcu_id(report), justification)
    if audit:
        record(user, Verb.VIEWED, "report", report.pk, justification=reason)
    return report


def report_part_for(
    user: User,
    report_id: int,
    *,
    allowed: bool,
    what: str,
    justification: str = "",
    action: Verb = Verb.VIEWED,
    detail: dict[str, Any] | None = None,
    audit: bool = True,
) -> Report:
    """The report, for a part of it (its evidence, its disclosure copies) that only some
    roles may read (``allowed``); records ``action`` on ``what`` with the non-empty
    ``detail``, unless ``audit`` is off because an action records the change itself."""
    if not allowed:
        raise NotFound("report")
    report = report_for(user, report_id, justification=justification, audit=False)
    if audit:
        clean = {k: v for k, v in (detail or {}).items() if v not in (None, "", [])}
        record(
            user, action, what, report.pk, justification=justification.strip(), detail=clean or None
        )
    return report


def could_open(user: User, report: Report) -> bool:
    """Whether ``user`` could open ``report`` through :func:`report_for` (a reason aside)."""
    if not user.is_active or user.role not in PERSONAL_DATA_ROLES:
        return False
    return visible_reports(user).filter(pk=report.pk).exists()


def search_reports(
    user: User, filters: dict[str, Any], *, justification: str = "", bcu_id: int | None = None
) -> QuerySet[Report]:
    """A search over the user's visible reports; the search and its filters are audited.

    ``bcu_id`` is the BCU the filters restrict to, if any: a force-wide role searching
    within its own BCU needs no justification.
    """
    try:
        require_personal_data(user)
    except Forbidden as exc:
        raise NotFound("report") from exc
    reason = ""
    if user.role in (Role.OFFENDER_UNIT, Role.ADMIN):
        reason = check_justification(user, bcu_id, justification)
    record(
        user,
        Verb.SEARCHED,
        "report",
        justification=reason,
        detail={k: v for k, v in filters.items() if v},
    )
    return visible_reports(user)


def party_rule(user: User) -> Q:
    """Which parties of a report the user may open sees (a filter on ``Party``), by role.

    Suspects for roles that see suspects; victims and witnesses for roles that see victims;
    advocates only the parties referred to them. Pages, the API and search all use it, so a
    party hidden on a report page cannot be found another way.
    """
    rule = Q(pk__in=[])
    if sees_suspects(user):
        rule |= Q(role=Party.Role.SUSPECT)
    if sees_victims(user):
        rule |= ~Q(role=Party.Role.SUSPECT)
    elif user.role == Role.ADVOCATE:
        rule |= ~Q(role=Party.Role.SUSPECT) & Q(advocates__advocate=user)
    return rule


def visible_parties(user: User, report: Report) -> list[Party]:
    """The report's parties the user may see: advocates see only their own victims."""
    parties = report.parties.filter(party_rule(user)).select_related("person").distinct()
    return list(parties.order_by("role", "id"))


def name_match(user: User, text: str) -> Q:
    """Reports (a filter on ``Report``) where a party the user sees has the surname ``text``.

    Only parties under :func:`party_rule`, and protected persons only with a grant: a
    search never answers with a report because of a person the searcher may not see.
    """
    # people.access builds on this module's visible_reports: import its rule when used
    from foursight.people.access import protection_ok

    parties = Party.objects.filter(party_rule(user), person__surname__iexact=text).filter(
        protection_ok(user, "person__")
    )
    return Q(pk__in=parties.values("report_id"))
