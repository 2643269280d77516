"""Risk records as plain dicts for the API and the pages (after the gatekeepers)."""

from __future__ import annotations

from typing import Any

from foursight.accounts.models import User
from foursight.cases.serialise import party_out
from foursight.risk.models import Assessment, CaseConference, Plan, PlanAction, Referral


def assessment_out(user: User, a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "report_id": a.report_id,
        "instrument": a.instrument,
        "definition_version": a.definition_version,
        "version": a.version,
        "victim": party_out(user, a.victim),
        "suspect": party_out(user, a.suspect),
        "score": a.score,
        "level": a.level or None,
        "marac_referral": a.marac_referral,
        "criteria": a.result.get("criteria", []),
        "triggers": a.result.get("triggers", []),
        "prompts": a.result.get("prompts", []),
        "outcomes": a.result.get("outcomes", {}),
        "counts": a.result.get("counts", {}),
        "raised_by_judgement": a.result.get("raised_by_judgement", False),
        "rationale": a.rationale,
        "answers": a.answers,
        "context": a.context,
        "assessed_by": a.assessor_name,
        "assessed_at": a.assessed_at.isoformat(),
    }


def conference_out(c: CaseConference) -> dict[str, Any]:
    return {
        "id": c.pk,
        "report_id": c.report_id,
        "held_on": c.held_on.isoformat(),
        "attendees": c.attendees,
        "decisions": c.decisions,
        "recorded_by": c.recorded_by.username if c.recorded_by else "",
    }


def action_out(a: PlanAction, today: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "agency": a.agency,
        "agency_name": a.get_agency_display(),
        "description": a.description,
        "owner": a.owner,
        "due_on": a.due_on.isoformat(),
        "status": a.status,
        "overdue": a.status == PlanAction.Status.OPEN and a.due_on < today,
    }


def plan_out(plan: Plan | None, today: Any) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "id": plan.pk,
        "report_id": plan.report_id,
        "review_on": plan.review_on.isoformat(),
        "review_overdue": plan.review_on < today,
        "summary": plan.summary,
        "actions": [action_out(a, today) for a in plan.actions.all()],
    }


def referral_out(user: User, r: Referral) -> dict[str, Any]:
    return {
        "id": r.pk,
        "report_id": r.report_id,
        "kind": r.kind,
        "kind_name": r.get_kind_display(),
        "victim": party_out(user, r.victim),
        "referred_on": r.referred_on.isoformat(),
        "consent": r.consent,
        "consent_note": r.consent_note,
        "mappa_category": r.mappa_category,
        "mappa_level": r.mappa_level,
        "advocate": r.advocate.username if r.advocate else None,
        "support_needs": r.support_needs,
        "reason": r.reason,
        "made_by": r.made_by.username if r.made_by else "",
    }


def trend(assessments: list[Assessment]) -> list[dict[str, Any]]:
    """Each pair and instrument's versions in order: the trend the pages chart."""
    series: dict[tuple[int, int, str], list[Assessment]] = {}
    for a in assessments:
        series.setdefault((a.victim_id, a.suspect_id, a.instrument), []).append(a)
    out = []
    for (victim, suspect, instrument), items in series.items():
        items.sort(key=lambda a: a.version)
        out.append(
            {
                "victim_party_id": victim,
                "suspect_party_id": suspect,
                "instrument": instrument,
                "points": [
                    {
                        "version": a.version,
                        "assessment_id": a.pk,
                        "score": a.score,
                        "level": a.level or None,
                        "assessed_at": a.assessed_at.isoformat(),
                    }
                    for a in items
                ],
            }
        )
    return out
