"""A suspect's steps as plain dicts for the API and the pages."""

from __future__ import annotations

from typing import Any

from foursight.core.path_kinds import KINDS
from foursight.prosecution.models import Step


def step_out(step: Step) -> dict[str, Any]:
    """One step: its kind and fields as recorded, its conditions by id, its operation."""
    target = step.operation_target
    out: dict[str, Any] = {
        **step.data,
        "id": step.pk,
        "kind": step.kind,
        "kind_name": KINDS.get(step.kind, step.kind),
        "on": step.occurred_on.isoformat(),
        "at": step.occurred_at.isoformat() if step.occurred_at else None,
        "operation": (
            {
                "id": target.operation_id,
                "name": target.operation.name,
                "target_id": target.pk,
            }
            if target is not None
            else None
        ),
        "recorded_by": step.created_by.username if step.created_by else None,
        "recorded_at": step.created_at.isoformat(),
    }
    if step.kind in ("bail", "court_bail"):
        out["conditions"] = [
            {
                "id": c.pk,
                "kind": c.kind,
                "text": c.text,
                "ends_on": c.ends_on.isoformat() if c.ends_on else None,
            }
            for c in step.conditions.all()
        ]
    return out
