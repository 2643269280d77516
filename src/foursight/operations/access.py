"""Gatekeepers for operations: the only path from an id to an operation or target.

The rules (need-to-know):

* offender_unit and admin run operations force-wide: every operation and target, with a
  purpose of access (justification) because targets are persons across the force;
* a supervisor sees the operations that cover their BCU or hold a target in it, and
  within them only the targets in their BCU; they may create operations for their BCU;
* an officer sees only the targets assigned to them (and the operation's name and dates);
* stac, advocates and analysts see no operation (analysts get aggregates in insights).

Missing and forbidden give the same :class:`NotFound`. Reads are audited here.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from foursight.accounts.access import check_justification
from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.access import visible_reports
from foursight.cases.models import Party
from foursight.core import reference
from foursight.errors import Forbidden, NotFound
from foursight.operations.models import ComplianceCheck, Operation, RemovedTarget, Target
from foursight.prosecution.models import Step

MANAGERS = frozenset({Role.OFFENDER_UNIT, Role.ADMIN})
OPERATION_ROLES = MANAGERS | {Role.SUPERVISOR, Role.OFFICER}


def _bcu_units(bcu_id: int | None) -> Q:
    return Q(units__pk=bcu_id) | Q(units__parent_id=bcu_id)


def visible_operations(user: User) -> QuerySet[Operation]:
    """Every operation the user may open (before any justification)."""
    ops = Operation.objects.all()
    if user.role in MANAGERS:
        return ops
    if user.role == Role.SUPERVISOR:
        bcu = user.home_bcu_id
        return ops.filter(_bcu_units(bcu) | Q(targets__bcu_id=bcu)).distinct()
    if user.role == Role.OFFICER:
        return ops.filter(targets__assigned_to=user).distinct()
    return ops.none()


def visible_targets(user: User, operation: Operation) -> QuerySet[Target]:
    """The operation's targets the user may see."""
    targets = operation.targets.select_related("person", "bcu", "assigned_to", "outcome_by")
    if user.role in MANAGERS:
        return targets
    if user.role == Role.SUPERVISOR:
        return targets.filter(bcu_id=user.home_bcu_id)
    if user.role == Role.OFFICER:
        return targets.filter(assigned_to=user)
    return targets.none()


def visible_removals(user: User, operation: Operation) -> QuerySet[RemovedTarget]:
    """The targets taken off the operation's list that the user may see (as for targets)."""
    removals = operation.removals.select_related("person", "bcu", "removed_by")
    if user.role in MANAGERS:
        return removals
    if user.role == Role.SUPERVISOR:
        return removals.filter(bcu_id=user.home_bcu_id)
    if user.role == Role.OFFICER:
        return removals.filter(assigned_to=user)
    return removals.none()


def managed_operations(user: User) -> list[Operation]:
    """Operations not yet ended whose target list the user may change, newest first."""
    if user.role not in (*MANAGERS, Role.SUPERVISOR):
        return []
    today = timezone.localdate()
    ops = visible_operations(user).filter(ends_on__gte=today).order_by("-starts_on", "-id")
    if user.role == Role.SUPERVISOR:
        covered = Operation.objects.filter(_bcu_units(user.home_bcu_id)).values("pk")
        ops = ops.filter(pk__in=covered)
    return list(ops[:100])


def _reason(user: User, justification: str) -> str:
    """Targets are persons across the force: force-wide roles state their purpose."""
    return check_justification(user, None, justification)


def operation_for(
    user: User, operation_id: int, *, justification: str = "", audit: bool = True
) -> Operation:
    """The operation ``operation_id`` if the user may open it; records the consultation."""
    operation = visible_operations(user).filter(pk=operation_id).first()
    if operation is None:
        raise NotFound("operation")
    reason = _reason(user, justification)
    if audit:
        record(user, Verb.VIEWED, "operation", operation.pk, justification=reason)
    return operation


def target_for(
    user: User,
    operation_id: int,
    target_id: int,
    *,
    justification: str = "",
    audit: bool = True,
) -> Target:
    """One target of an operation, if the user may see it."""
    operation = operation_for(user, operation_id, justification=justification, audit=False)
    target = visible_targets(user, operation).filter(pk=target_id).first()
    if target is None:
        raise NotFound("target")
    if audit:
        record(user, Verb.VIEWED, "target", target.pk, justification=justification.strip())
    return target


def may_manage(user: User, operation: Operation) -> bool:
    """Whether the user may change the operation and its target list (not just outcomes)."""
    if user.role in MANAGERS:
        return True
    if user.role == Role.SUPERVISOR:
        return operation.units.filter(
            Q(pk=user.home_bcu_id) | Q(parent_id=user.home_bcu_id)
        ).exists()
    return False


def require_manager(user: User, operation: Operation) -> None:
    if not may_manage(user, operation):
        raise Forbidden(
            "Only the offender unit, an admin or a supervisor of a covered BCU may change "
            "this operation."
        )


def require_operation_role(user: User) -> None:
    """Roles outside operations meet the same NotFound as for a missing record."""
    if user.role not in OPERATION_ROLES:
        raise NotFound("operation")


def outstanding_suspects(
    user: User, *, justification: str = "", audit: bool = True
) -> QuerySet[Party]:
    """Suspects still to be dealt with, that the user may see; the view is audited unless
    ``audit`` is false (an action reading the list records it in its own entry).

    Left out: suspects arrested or charged (on their path, in an operation or not),
    those an operation eliminated from enquiries on that report, and reports closed or
    whose outcome is a charge or summons.
    Officers and supervisors see their BCU's; the offender unit and admin force-wide.
    """
    if user.role not in (Role.SUPERVISOR, Role.OFFICER, *MANAGERS):
        raise NotFound("suspect list")
    reason = _reason(user, justification)
    if audit:
        record(user, Verb.VIEWED, "outstanding_suspects", justification=reason)
    charged = reference.outcome_groups()["charge"]
    dealt_with = Step.objects.filter(party=OuterRef("pk"), kind__in=("arrest", "charge"))
    eliminated = Target.objects.filter(
        person=OuterRef("person_id"),
        report=OuterRef("report_id"),
        status__in=(Target.Status.ARRESTED, Target.Status.ELIMINATED),
    )
    return (
        Party.objects.filter(role=Party.Role.SUSPECT, report__in=visible_reports(user).values("pk"))
        .exclude(report__status__in=("closed", "suspect_charged"))
        .exclude(report__outcome__code__in=charged)
        .exclude(Exists(dealt_with))
        .exclude(Exists(eliminated))
        # the protected-person rule on the joined person (as a subquery SQLite plans it badly)
        .filter(Q(person__protected=False) | Q(person__grants__user=user))
        .select_related("person", "report", "report__unit", "report__unit__parent")
        .order_by("report__reported_at", "id")
    )


def visible_checks(user: User) -> QuerySet[ComplianceCheck]:
    """Compliance checks: force-wide for managers, the user's BCU for officers and supervisors."""
    checks = ComplianceCheck.objects.select_related("person", "officer", "bcu", "operation")
    if user.role in MANAGERS:
        return checks
    if user.role in (Role.SUPERVISOR, Role.OFFICER):
        return checks.filter(bcu_id=user.home_bcu_id)
    return checks.none()
