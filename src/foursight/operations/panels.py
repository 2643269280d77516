"""The operations panel on a person's page: targets, checks and the conditions to check."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from foursight.accounts.models import Role, User
from foursight.operations import access
from foursight.operations.check_actions import conditions_to_check
from foursight.operations.models import Target


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
    if not targets and not checks and not conditions:
        return ""
    return render_to_string(
        "operations/_person_panel.html",
        {
            "targets": list(targets),
            "checks": list(checks),
            "conditions": conditions,
            "today": timezone.localdate(),
        },
        request=request,
    )
