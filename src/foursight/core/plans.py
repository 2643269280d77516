"""STAC management plans: the commands and the rules a plan action meets.

:class:`SetPlan` and :class:`AddPlanAction` are built once by the API (from its schema),
the plan forms and the demo, and handed to ``foursight.risk.plan_actions``. The rules need
no database: an action names one of the agencies the service knows, says what is to be
done and who owns it; text is trimmed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from foursight.errors import InvalidInput


@dataclass(frozen=True)
class SetPlan:
    review_on: date
    summary: str = ""


@dataclass(frozen=True)
class AddPlanAction:
    agency: str
    description: str
    owner: str
    due_on: date


def check_plan_action(command: AddPlanAction, *, agencies: Collection[str]) -> AddPlanAction:
    """The command with its text trimmed, or ``InvalidInput`` naming the first bad field."""
    if command.agency not in agencies:
        raise InvalidInput(f"agency: expected one of {', '.join(agencies)}", field="agency")
    cleaned = replace(command, description=command.description.strip(), owner=command.owner.strip())
    for field in ("description", "owner"):
        if not getattr(cleaned, field):
            raise InvalidInput(f"{field}: required", field=field)
    return cleaned


@dataclass(frozen=True)
class UpdatePlanAction:
    """What to change on a plan action; ``None`` leaves a field as it is."""

    status: str | None = None
    owner: str | None = None
    due_on: date | None = None


def plan_action_changes(
    command: UpdatePlanAction, *, statuses: Collection[str]
) -> dict[str, object]:
    """The fields to change, checked; ``InvalidInput`` naming the field otherwise."""
    changes: dict[str, object] = {}
    if command.status is not None:
        if command.status not in statuses:
            raise InvalidInput(f"status: expected one of {', '.join(statuses)}", field="status")
        changes["status"] = command.status
    if command.owner is not None:
        if not command.owner.strip():
            raise InvalidInput("owner: required", field="owner")
        changes["owner"] = command.owner.strip()
    if command.due_on is not None:
        changes["due_on"] = command.due_on
    if not changes:
        raise InvalidInput("status: give a status, owner or due date to change", field="status")
    return changes
