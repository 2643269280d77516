"""Demo: link the demo reports' suspects into offenders and make the harm rankings."""

from __future__ import annotations

from foursight.offenders.actions import link_run
from foursight.offenders.ranking_actions import refresh_harm


def load() -> dict[str, int]:
    run = link_run(None)
    rankings = refresh_harm(None)
    return {
        "offenders": run.offenders,
        "review pairs": run.review,
        "harm rankings": len(rankings),
    }
