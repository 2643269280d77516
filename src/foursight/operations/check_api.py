"""API for checkable conditions and bail-breach arrest tasks (under /operations)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.errors import NotFound
from foursight.operations import access
from foursight.operations.check_actions import (
    bail_tasks_for,
    complete_bail_task,
    conditions_to_check,
)
from foursight.operations.models import BailBreachTask
from foursight.people.access import person_for
from foursight.server.api import actor, justification
from foursight.server.schemas import RecordId, Strict

router = Router(tags=["operations"])


class ConditionQuery(Schema):
    person_id: RecordId


class ConditionDue(Schema):
    source: str
    id: int
    kind: str
    text: str
    in_force_until: date | None
    last_checked_at: datetime | None
    last_result: str | None
    next_due: date | None


class BailTaskOut(Schema):
    id: int
    person_id: int
    report_id: int
    bail_condition_id: int | None
    check_id: int
    due_at: datetime
    done_at: datetime | None
    notes: str


class BailTaskDoneIn(Strict):
    notes: str = Field(max_length=2000)


def task_out(task: BailBreachTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "person_id": task.person_id,
        "report_id": task.report_id,
        "bail_condition_id": task.bail_condition_id,
        "check_id": task.check_made_id,
        "due_at": task.due_at,
        "done_at": task.done_at,
        "notes": task.notes,
    }


@router.get("/checks/conditions", response=list[ConditionDue])
def list_conditions(request: HttpRequest, query: Query[ConditionQuery]) -> list[dict[str, Any]]:
    """A person's order and bail conditions in force today, with the next check due."""
    user = actor(request)
    access.require_operation_role(user)
    try:
        person = person_for(user, query.person_id, justification=justification(request))
    except NotFound as exc:
        raise NotFound("person", field="person_id") from exc
    return conditions_to_check(user, person, timezone.localdate())


@router.get("/bail-breach-tasks", response=list[BailTaskOut])
def list_bail_tasks(request: HttpRequest) -> list[dict[str, Any]]:
    """Open bail-breach arrest tasks from failed checks, soonest due first."""
    user = actor(request)
    tasks = list(bail_tasks_for(user)[:200])
    record(user, Verb.SEARCHED, "bail_breach_task", justification=justification(request).strip())
    return [task_out(t) for t in tasks]


@router.post("/bail-breach-tasks/{int:task_id}/done", response=BailTaskOut)
def done_bail_task(request: HttpRequest, task_id: int, payload: BailTaskDoneIn) -> dict[str, Any]:
    task = complete_bail_task(
        actor(request), task_id, payload.notes, justification=justification(request)
    )
    return task_out(task)
