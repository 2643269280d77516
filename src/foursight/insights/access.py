"""Who sees which insights: aggregates only, never a person.

* analysts: force-wide or any BCU, with counts below ``settings.SMALL_NUMBER_THRESHOLD``
  suppressed (shown as ``<n``, or ``null`` in the API) and rates over small bases withheld;
* supervisors: their own BCU only (any other BCU answers as missing), unsuppressed: they
  already see those reports in full;
* admin: force-wide or any BCU, unsuppressed;
* every other role: not found.

Every view and every export is recorded in the audit log with its filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from foursight.accounts.models import Role, Unit, User
from foursight.errors import NotFound

INSIGHT_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class Scope:
    bcu: str | None
    threshold: int  # 0: no suppression


def require_insights(user: User) -> None:
    if user.role not in INSIGHT_ROLES:
        raise NotFound("page")


def scope_for(user: User, bcu: str | None) -> Scope:
    """The BCU the figures cover (``None``: the force) and the suppression threshold."""
    require_insights(user)
    code = (bcu or "").strip().upper() or None
    if code is not None and not Unit.objects.filter(code=code, kind=Unit.Kind.BCU).exists():
        raise NotFound("BCU", field="bcu")
    if user.role == Role.SUPERVISOR:
        home = Unit.objects.filter(pk=user.home_bcu_id or 0).values_list("code", flat=True).first()
        if code is not None and code != home:
            raise NotFound("BCU", field="bcu")
        return Scope(home, 0)
    threshold = settings.SMALL_NUMBER_THRESHOLD if user.role == Role.ANALYST else 0
    return Scope(code, threshold)
