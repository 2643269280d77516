"""The prosecution app's facts for the case header (``ProsecutionConfig.case_facts``): a
suspect whose latest step is police bail must answer it on its return date."""

from __future__ import annotations

from datetime import date
from typing import Any

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.prosecution.models import Step, StepKind, path_order


def case_facts(user: User, report: Report, parties: list[Party]) -> dict[str, Any]:
    suspects = {p.pk: p for p in parties if p.role == Party.Role.SUSPECT}
    if not sees_suspects(user) or not suspects:
        return {}
    last: dict[int, Step] = {}
    for step in Step.objects.filter(party_id__in=suspects).order_by(*path_order()):
        last[step.party_id] = step
    actions = []
    for party_id, step in last.items():
        return_on = step.data.get("return_on") if step.kind == StepKind.BAIL else None
        if return_on:
            href = f"/reports/{report.pk}/suspects/{party_id}/path"
            due = date.fromisoformat(return_on)
            actions.append({"label": "Bail return", "due": due, "href": href})
    return {"actions": actions}
