"""API for a suspect's path: add a step, read the path in time order."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from foursight.errors import InvalidInput
from foursight.prosecution import actions
from foursight.prosecution.access import steps_of, suspect_for
from foursight.prosecution.serialise import step_out
from foursight.server.api import actor, justification

PREFIX = "/reports"
router = Router(tags=["suspect path"])


class StepIn(Schema):
    """``kind`` and the kind's fields (see docs/path.md); a field the kind does not take
    is refused by name."""

    model_config = ConfigDict(extra="allow")
    kind: str


class PathOut(Schema):
    report_id: int
    party_id: int
    person_id: int
    steps: list[dict[str, Any]]


@router.post("/{int:report_id}/suspects/{int:party_id}/steps", response={201: dict[str, Any]})
def add_step(
    request: HttpRequest, report_id: int, party_id: int, payload: StepIn
) -> Status[dict[str, Any]]:
    """Add a step to a suspect's path; a step that cannot follow the path is refused (400)."""
    # the kind's own fields are read from the body as sent (the schema names only ``kind``)
    fields = json.loads(request.body)
    if not isinstance(fields, dict):
        raise InvalidInput("body: expected a JSON object with kind", field="kind")
    command = actions.RecordStep(report_id, party_id, fields, justification=justification(request))
    step = actions.record_step(actor(request), command)
    return Status(201, step_out(step))


@router.get("/{int:report_id}/suspects/{int:party_id}/path", response=PathOut)
def get_path(request: HttpRequest, report_id: int, party_id: int) -> dict[str, Any]:
    """The suspect's steps in time order."""
    report, party = suspect_for(
        actor(request), report_id, party_id, justification=justification(request)
    )
    return {
        "report_id": report.pk,
        "party_id": party.pk,
        "person_id": party.person_id,
        "steps": [step_out(s) for s in steps_of(party)],
    }
