"""Read-only questions other apps ask of the suspects' paths (no access checks here: the
caller has already passed the report's gatekeeper)."""

from __future__ import annotations

from typing import Any

from foursight.prosecution.models import Step, StepKind


def interview_accounts(report_id: int) -> list[dict[str, Any]]:
    """Each interview on the report's paths, in time order: when, what kind, the suspect's
    account, whether legal advice was taken, and whose interview it was."""
    steps = (
        Step.objects.filter(report_id=report_id, kind=StepKind.INTERVIEW)
        .select_related("party__person")
        .order_by("occurred_on", "occurred_at", "id")
    )
    return [
        {
            "at": (step.occurred_at or step.occurred_on).isoformat(),
            "kind": str(step.data.get("type", "")),
            "account": str(step.data.get("account", "")),
            "legal_advice": bool(step.data.get("legal_advice", False)),
            "suspect": step.party.person.display_name,
        }
        for step in steps
    ]
