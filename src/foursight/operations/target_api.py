"""API for finding a person to target and for removing a target with a reason.

Mounted on the operations router (``/api/v1/operations``): ``GET /{id}/targets/search``,
``POST /{id}/targets/{target_id}/removal`` and ``GET /{id}/removals`` (the history).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from foursight.core.target_commands import RemoveTarget, parse_target_query
from foursight.operations import access, target_actions
from foursight.operations.summary import removal_out
from foursight.operations.target_search import find_persons
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict

router = Router(tags=["operations"])


class RemovalIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class RemovalOut(Schema):
    target_id: int
    person_id: int | None
    name: str
    bcu: str | None
    status: str
    added_at: datetime
    removed_at: datetime
    removed_by: str | None
    reason: str


class SearchParams(Schema):
    q: str = Field("", description="a name, a date of birth, or a phone, e-mail or handle")


class MatchOut(Schema):
    person_id: int
    name: str
    date_of_birth: str
    reports: list[str]
    already_a_target: bool


class Matches(Schema):
    items: list[MatchOut]
    more: bool


@router.get("/{int:operation_id}/targets/search", response=Matches)
def search_targets(
    request: HttpRequest, operation_id: int, params: Query[SearchParams]
) -> dict[str, Any]:
    """Suspects you may see matching a name, date of birth or identifier (at most 20)."""
    user = actor(request)
    reason = justification(request)
    op = access.operation_for(user, operation_id, justification=reason, audit=False)
    access.require_manager(user, op)
    found = find_persons(user, op, parse_target_query(params.q), justification=reason)
    items = [
        {
            "person_id": row["person"].pk,
            "name": row["person"].display_name,
            "date_of_birth": row["person"].date_of_birth,
            "reports": [r.reference for r in row["reports"]],
            "already_a_target": row["already"],
        }
        for row in found["rows"]
    ]
    return {"items": items, "more": found["more"]}


@router.post("/{int:operation_id}/targets/{int:target_id}/removal", response=RemovalOut)
def remove_target(
    request: HttpRequest, operation_id: int, target_id: int, payload: RemovalIn
) -> dict[str, Any]:
    """Take a target off the list with a reason (audited; kept in the operation's history).

    Arrested and eliminated targets stay (409): their outcome is final.
    """
    user = actor(request)
    removal = target_actions.remove_target(
        user,
        operation_id,
        target_id,
        RemoveTarget.from_dict(payload.model_dump()),
        justification=justification(request),
    )
    return removal_out(user, removal)


@router.get("/{int:operation_id}/removals", response=list[RemovalOut])
def list_removals(request: HttpRequest, operation_id: int) -> list[dict[str, Any]]:
    """The targets taken off the operation's list that you may see, latest first."""
    user = actor(request)
    op = access.operation_for(user, operation_id, justification=justification(request))
    return [removal_out(user, r) for r in access.visible_removals(user, op)[:500]]
