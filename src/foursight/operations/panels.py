"""The operations panels: on a person's page (targets, checks, conditions to check, "Add to
an operation") and on an offender's page ("Add to an operation")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.cases.access import visible_reports
from foursight.cases.models import Party
from foursight.operations import access
from foursight.operations.check_actions import conditions_to_check
from foursight.operations.models import Target
from foursight.people.access import visible_persons


def open_operations_for(user: User, person_id: int) -> list[Any]:
    """Operations not yet ended that the user may add ``person_id`` to as a target.

    Empty unless the person is a suspect on a report the user may open (targets are
    suspects only) and the user may change some operation's target list.
    """
    ops = access.managed_operations(user)
    if not ops:
        return []
    suspect = Party.objects.filter(
        person_id=person_id, role=Party.Role.SUSPECT, report__in=visible_reports(user).values("pk")
    )
    if not suspect.exists():
        return []
    already = set(
        Target.objects.filter(person_id=person_id, operation__in=ops).values_list(
            "operation_id", flat=True
        )
    )
    return [o for o in ops if o.pk not in already]


def add_form(request: HttpRequest, person: Any, operations: list[Any], back: str) -> str:
    return render_to_string(
        "operations/_add_to_operation.html",
        {"person": person, "operations": operations, "back": back},
        request=request,
    )


def person_panel(request: HttpRequest, user: User, person: Any) -> str:
    """Targets naming the person in operations the user may see, and the latest checks."""
    if user.role not in access.OPERATION_ROLES:
        return ""
    targets = Target.objects.filter(
        person=person, operation__in=access.visible_operations(user)
    ).select_related("operation", "bcu")
    if user.role == Role.SUPERVISOR:
        targets = targets.filter(bcu_id=user.home_bcu_id)
    elif user.role == Role.OFFICER:
        targets = targets.filter(assigned_to=user)
    checks = access.visible_checks(user).filter(person=person)[:10]
    conditions = conditions_to_check(user, person, timezone.localdate())
    operations = open_operations_for(user, person.pk)
    if not targets and not checks and not conditions and not operations:
        return ""
    return render_to_string(
        "operations/_person_panel.html",
        {
            "targets": list(targets),
            "checks": list(checks),
            "conditions": conditions,
            "today": timezone.localdate(),
            "add_form": add_form(request, person, operations, f"/persons/{person.pk}")
            if operations
            else "",
        },
        request=request,
    )


def offender_panel(request: HttpRequest, user: User, offender: Any) -> str:
    """ "Add to an operation" on an offender's page: the offender's latest suspect record
    that the user may see is the person added."""
    if user.role not in (*access.MANAGERS, Role.SUPERVISOR):
        return ""
    mentions = offender.mentions.filter(
        person__in=visible_persons(user), report__in=visible_reports(user).values("pk")
    ).order_by("-report__reported_at", "-id")
    mention = mentions.select_related("person").first()
    if mention is None:
        return ""
    operations = open_operations_for(user, mention.person_id)
    if not operations:
        return ""
    return add_form(request, mention.person, operations, f"/offenders/{offender.code}")
