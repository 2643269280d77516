"""API for perpetrator interventions: list and refer by person, change status, MAPPA reviews.

Mounted by ``offenders/api.py`` at the API root: ``/persons/{id}/interventions`` and
``/interventions/{id}``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from foursight.offenders import intervention_actions as actions
from foursight.offenders.intervention_access import (
    intervention_for,
    interventions_of,
    subject_for,
)
from foursight.offenders.intervention_serialise import intervention_out
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict

router = Router(tags=["interventions"])


class InterventionIn(Strict):
    kind: str = Field(description="behaviour_change, mappa or probation")
    status: str = Field("offered", description="offered, accepted, started ...")
    on: date = Field(description="the date of that status")
    provider: str = Field("", max_length=200)
    report_id: int | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    review_on: date | None = None
    notes: str = Field("", max_length=4000)


class StatusIn(Strict):
    status: str
    on: date
    reason: str = Field("", max_length=2000)


class ReviewIn(Strict):
    held_on: date
    mappa_level: int
    next_review_on: date | None = None
    notes: str = Field("", max_length=4000)


class InterventionStatusOut(Schema):
    status: str
    status_name: str
    on: date
    reason: str
    recorded_by: str | None


class ReviewOut(Schema):
    held_on: date
    mappa_level: int
    next_review_on: date | None
    notes: str


class InterventionOut(Schema):
    id: int
    person_id: int
    report_id: int | None
    report_reference: str | None
    kind: str
    kind_name: str
    provider: str
    status: str
    status_name: str
    status_on: date
    mappa_category: int | None
    mappa_level: int | None
    review_on: date | None
    notes: str
    created_at: datetime
    history: list[InterventionStatusOut]
    reviews: list[ReviewOut]


@router.get("/persons/{int:person_id}/interventions", response=list[InterventionOut])
def list_interventions(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """A person's interventions (behaviour-change, MAPPA, probation), newest status first."""
    person = subject_for(actor(request), person_id, justification=justification(request))
    return [intervention_out(i) for i in interventions_of(person)]


@router.post("/persons/{int:person_id}/interventions", response={201: InterventionOut})
def refer(request: HttpRequest, person_id: int, payload: InterventionIn) -> Status[dict[str, Any]]:
    """Refer a suspect to an intervention with its first status and date."""
    cmd = actions.ReferToIntervention(person_id=person_id, **payload.model_dump())
    made = actions.refer(actor(request), cmd, justification=justification(request))
    return Status(201, intervention_out(made))


@router.get("/interventions/{int:intervention_id}", response=InterventionOut)
def get_intervention(request: HttpRequest, intervention_id: int) -> dict[str, Any]:
    found = intervention_for(actor(request), intervention_id, justification=justification(request))
    return intervention_out(found)


@router.post("/interventions/{int:intervention_id}/status", response=InterventionOut)
def change_status(request: HttpRequest, intervention_id: int, payload: StatusIn) -> dict[str, Any]:
    """Move to a new status on a date; going back needs a reason (400 naming ``reason``)."""
    cmd = actions.ChangeInterventionStatus(intervention_id=intervention_id, **payload.model_dump())
    return intervention_out(
        actions.change_status(actor(request), cmd, justification=justification(request))
    )


@router.post("/interventions/{int:intervention_id}/reviews", response={201: InterventionOut})
def add_review(
    request: HttpRequest, intervention_id: int, payload: ReviewIn
) -> Status[dict[str, Any]]:
    """Record a MAPPA review (level set, next review date)."""
    cmd = actions.RecordMappaReview(intervention_id=intervention_id, **payload.model_dump())
    review = actions.record_review(actor(request), cmd, justification=justification(request))
    return Status(201, intervention_out(review.intervention))
