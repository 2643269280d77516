"""FOUR answers pre-filled from the report's conduct analysis, each citing its events.

The officer confirms or changes each one; nothing is saved until they submit the form.
Citations give the event's time in UTC and a snippet, and open the event on the timeline
(``/reports/{id}/timeline?event=<id>``). Reading the analysis is reading the evidence:
only roles that may read it get suggestions, and the read is audited.
"""

from __future__ import annotations

from typing import Any

from foursight.accounts.models import User
from foursight.cases.models import Report
from foursight.core.instruments.prefill import four_suggestions
from foursight.evidence.access import evidence_report, sees_evidence
from foursight.evidence.analysis import stored
from foursight.evidence.models import StoredEvent

SNIPPET = 80


def _snippet(body: str) -> str:
    text = " ".join(body.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def four_prefill(user: User, report: Report, *, justification: str = "") -> dict[str, Any]:
    """FOUR question id -> ``{"answer", "why", "citations"}`` the evidence supports."""
    if not sees_evidence(user):
        return {}
    conduct = stored(report)
    suggestions = four_suggestions(conduct)
    if not suggestions:
        return {}
    evidence_report(
        user, report.pk, justification=justification, what="conduct", detail={"for": "four"}
    )
    wanted = {e for s in suggestions.values() for e in s.event_ids}
    events = {
        row["event_id"]: row
        for row in StoredEvent.objects.filter(report=report, event_id__in=wanted).values(
            "event_id", "ts_utc", "body", "kind", "channel"
        )
    }
    out = {}
    for question, suggestion in suggestions.items():
        citations = [
            {
                "event_id": e,
                "time": events[e]["ts_utc"],
                "snippet": _snippet(events[e]["body"]) or f"({events[e]['kind']})",
                "href": f"/reports/{report.pk}/timeline?event={e}",
            }
            for e in suggestion.event_ids
            if e in events
        ]
        out[question] = {"answer": suggestion.answer, "why": suggestion.why, "citations": citations}
    return out
