"""Perpetrator interventions as API and page shapes."""

from __future__ import annotations

from typing import Any

from foursight.core.interventions import KINDS, STATUSES
from foursight.offenders.intervention_models import Intervention


def intervention_out(i: Intervention) -> dict[str, Any]:
    return {
        "id": i.pk,
        "person_id": i.person_id,
        "report_id": i.report_id,
        "report_reference": i.report.reference if i.report else None,
        "kind": i.kind,
        "kind_name": KINDS[i.kind],
        "provider": i.provider,
        "status": i.status,
        "status_name": STATUSES[i.status],
        "status_on": i.status_on,
        "mappa_category": i.mappa_category,
        "mappa_level": i.mappa_level,
        "review_on": i.review_on,
        "notes": i.notes,
        "created_at": i.created_at,
        "history": [
            {
                "status": h.status,
                "status_name": STATUSES.get(h.status, h.status),
                "on": h.on,
                "reason": h.reason,
                "recorded_by": h.recorded_by.username if h.recorded_by else None,
            }
            for h in i.history.all()
        ],
        "reviews": [
            {
                "held_on": r.held_on,
                "mappa_level": r.mappa_level,
                "next_review_on": r.next_review_on,
                "notes": r.notes,
            }
            for r in i.reviews.all()
        ],
    }
