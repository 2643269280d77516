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
