"""Helpers shared by the risk tests: API calls, answer sets and the report's parties."""

from __future__ import annotations

import json
from typing import Any

from foursight.cases.models import Party, Report
from foursight.core.assessment_commands import RecordAssessment
from tests.conftest import World

JUSTIFY = "STAC case review for the panel"


def call(world: World, who: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    client = world.api(who, JUSTIFY if who in ("pou", "admin") else None)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


def pair(report: Report) -> tuple[int, int]:
    victim = Party.objects.get(report=report, role="victim")
    suspect = Party.objects.get(report=report, role="suspect")
    return victim.pk, suspect.pk


def dash_answers(yes: int, dont_know: int = 0, q8: str | None = None) -> dict[str, str]:
    """27 DASH answers with ``yes`` yes and ``dont_know`` don't know; ``q8`` pins question 8."""
    order = [f"q{n}" for n in range(1, 28)]
    if q8 is not None:
        order.remove("q8")
        order = ["q8", *order] if q8 == "yes" else [*order, "q8"]
    return {
        q: "yes" if i < yes else ("dont_know" if i < yes + dont_know else "no")
        for i, q in enumerate(order)
    }


def sdash_answers(yes: int) -> dict[str, str]:
    return {f"q{n}": "yes" if n <= yes else "no" for n in range(1, 12)}


FOUR_STALKING = {
    "fixated": "yes",
    "obsessive": "yes",
    "unwanted": "yes",
    "repeated": "yes",
    "act_contacting": "yes",
    "impact_fear_violence": "no",
    "impact_daily_life": "yes",
}


def assessment_body(
    report: Report, instrument: str, answers: dict[str, str], **extra: Any
) -> dict[str, Any]:
    victim, suspect = pair(report)
    return {
        "instrument": instrument,
        "victim_party_id": victim,
        "suspect_party_id": suspect,
        "answers": answers,
        **extra,
    }


def assessment_command(
    report: Report, instrument: str, answers: dict[str, str], **extra: Any
) -> RecordAssessment:
    """The assessment body as the command ``risk.actions.record_assessment`` takes."""
    return RecordAssessment.from_dict(assessment_body(report, instrument, answers, **extra))
