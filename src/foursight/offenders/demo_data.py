"""Demo: link the demo reports' suspects into offenders, make the harm rankings, and give
some STAC cases' suspects perpetrator interventions at every status."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from foursight.cases.models import Party
from foursight.offenders.actions import link_run
from foursight.offenders.intervention_models import Intervention, InterventionStatus
from foursight.offenders.ranking_actions import refresh_harm

# (kind, provider, statuses reached, days between steps); MAPPA gets category and level.
_PLANS = (
    ("behaviour_change", "Drive", ("offered", "accepted", "started"), 14),
    ("mappa", "MAPPA (London)", ("accepted",), 0),
    ("probation", "Probation Service, London", ("offered", "accepted", "started", "completed"), 30),
    ("behaviour_change", "Stalking intervention programme", ("offered", "dropped_out"), 21),
    ("behaviour_change", "Drive", ("offered",), 0),
)


def _interventions() -> int:
    today = timezone.now().date()
    suspects = (
        Party.objects.filter(role=Party.Role.SUSPECT, report__stac_referred_at__isnull=False)
        .select_related("report")
        .order_by("report_id", "id")[: len(_PLANS) * 2]
    )
    made = 0
    for index, party in enumerate(suspects):
        kind, provider, steps, gap = _PLANS[index % len(_PLANS)]
        start = party.report.reported_at.date() + timedelta(days=21)
        dates = [min(start + timedelta(days=gap * n), today) for n in range(len(steps))]
        mappa = kind == "mappa"
        intervention = Intervention.objects.create(
            person=party.person,
            report=party.report,
            kind=kind,
            provider=provider,
            status=steps[-1],
            status_on=dates[-1],
            mappa_category=1 + index % 2 if mappa else None,
            mappa_level=2 if mappa else None,
            review_on=min(dates[-1] + timedelta(days=90), today + timedelta(days=30))
            if mappa
            else None,
            created_at=timezone.now(),
        )
        InterventionStatus.objects.bulk_create(
            [
                InterventionStatus(
                    intervention=intervention, status=s, on=d, recorded_at=timezone.now()
                )
                for s, d in zip(steps, dates, strict=True)
            ]
        )
        made += 1
    return made


def load() -> dict[str, int]:
    run = link_run(None)
    rankings = refresh_harm(None)
    return {
        "offenders": run.offenders,
        "review pairs": run.review,
        "harm rankings": len(rankings),
        "interventions": _interventions(),
    }
