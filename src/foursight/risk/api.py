"""API for risk: instruments (list, score without storing) and assessments under a report.

Mounted at /api/v1 with sub-routers: ``/instruments``, assessments and reassessment tasks
(this module), STAC cases, conferences, plans and referrals (``stac_api.py``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field

from foursight.core.assessment_commands import RecordAssessment
from foursight.core.instruments import get_instrument, load_instruments, score_request
from foursight.risk import actions
from foursight.risk.access import assessment_for, reports_with_risk, risk_report_for
from foursight.risk.actions import scoring_config
from foursight.risk.models import Assessment
from foursight.risk.persistence import stalking_reviews
from foursight.risk.serialise import assessment_out, trend
from foursight.risk.stac_api import router as stac_router
from foursight.risk.tasks import due_tasks, report_tasks
from foursight.server.api import actor, justification
from foursight.server.schemas import Strict, WithinDays

PREFIX = ""
router = Router()
instruments = Router(tags=["instruments"])
assessments = Router(tags=["risk"])


@instruments.get("")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    """Every loaded instrument with its id, version and questions in order."""
    return [instrument.to_dict() for instrument in load_instruments().values()]


@instruments.get("/{instrument_id}")
def instrument(request: HttpRequest, instrument_id: str) -> dict[str, Any]:
    return get_instrument(instrument_id).to_dict()


@instruments.post("/{instrument_id}/score")
def score(
    request: HttpRequest, instrument_id: str, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    """Score answers by the instrument's published rule; nothing is stored.

    Body: ``{"answers": {"<question id>": "yes" | "no" | "dont_know"}, "judgement":
    {"level": ..., "rationale": ...}, "context": {...}}`` (judgement and context optional).
    """
    return score_request(instrument_id, payload, config=scoring_config()).to_dict()


class JudgementIn(Strict):
    level: str
    rationale: str


class AssessmentIn(Strict):
    instrument: Literal["four", "dash", "sdash", "dara", "srp", "sam"]
    victim_party_id: int
    suspect_party_id: int
    answers: dict[str, str] = {}
    judgement: JudgementIn | None = None
    victim_very_frightened: bool = False
    undated_occasions: int = Field(0, ge=0)


class ReassessmentIn(Strict):
    reason: Literal["breach", "threat_hits", "escalation", "requested"]
    note: str = ""
    due_on: date | None = None


def _today() -> date:
    return datetime.now(UTC).date()


@assessments.get("/reports/{report_id}/assessments")
def report_assessments(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """Every stored assessment of the report (all versions), oldest first, and the trend."""
    user = actor(request)
    report = risk_report_for(user, report_id, justification=justification(request))
    items = list(
        Assessment.objects.filter(report=report).select_related("victim__person", "suspect__person")
    )
    return {
        "items": [assessment_out(user, a) for a in items],
        "count": len(items),
        "trend": trend(items),
    }


@assessments.post("/reports/{report_id}/assessments", response={201: dict[str, Any]})
def create_assessment(
    request: HttpRequest, report_id: int, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    """Score and store a new assessment version for the victim-suspect pair."""
    user = actor(request)
    data = payload.model_dump()
    if payload.judgement is None:
        data["judgement"] = None
    assessment = actions.record_assessment(
        user, report_id, RecordAssessment.from_dict(data), justification=justification(request)
    )
    return Status(201, assessment_out(user, assessment))


@assessments.get("/assessments/{assessment_id}")
def read_assessment(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    user = actor(request)
    return assessment_out(
        user, assessment_for(user, assessment_id, justification=justification(request))
    )


@assessments.get("/reports/{report_id}/reassessment")
def report_reassessment(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """The report's reassessment task (due date and reasons), or ``{"task": null}``."""
    user = actor(request)
    report = risk_report_for(user, report_id, justification=justification(request))
    task = report_tasks(report)
    return {"task": None if task is None else task.to_dict(_today())}


@assessments.post("/reports/{report_id}/reassessments", response={201: dict[str, Any]})
def create_reassessment(
    request: HttpRequest, report_id: int, payload: ReassessmentIn
) -> Status[dict[str, Any]]:
    """Raise a reassessment task (breach, threat hits, escalation or a request)."""
    user = actor(request)
    task = actions.request_reassessment(
        user,
        report_id,
        payload.reason,
        note=payload.note,
        due_on=payload.due_on,
        justification=justification(request),
    )
    return Status(
        201, {"id": task.pk, "report_id": report_id, "reason": task.reason, "due_on": task.due_on}
    )


@assessments.get("/risk/tasks")
def my_tasks(request: HttpRequest, q: Query[WithinDays]) -> dict[str, Any]:
    """Reassessments due within ``within_days`` days (overdue included) over the user's reports."""
    user = actor(request)
    reports = reports_with_risk(user, justification=justification(request))
    tasks = due_tasks(reports, within_days=q.within_days)
    today = _today()
    return {"items": [t.to_dict(today) for t in tasks], "count": len(tasks)}


router.add_router("/instruments", instruments)
router.add_router("", assessments)
router.add_router("", stac_router)


class StalkingReviewOut(Schema):
    report_id: int
    reference: str
    reported_at: datetime
    offences: list[str]
    reasons: list[str]


@router.get("/risk/stalking-reviews", response=list[StalkingReviewOut])
def list_stalking_reviews(request: HttpRequest) -> list[dict[str, Any]]:
    """Harassment reports whose evidence or FOUR screen meets the stalking indicators."""
    return stalking_reviews(actor(request), justification=justification(request))
