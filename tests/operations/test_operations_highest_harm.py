"""Targets from the offenders app's highest-harm list; the cohort figure in insights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from foursight.offenders import actions as offender_actions
from foursight.offenders.models import HarmRanking
from foursight.offenders.ranking_actions import refresh_harm
from tests.offenders.conftest import Linked, linked, params  # noqa: F401 - fixtures

WHY = "Operation Nightjar briefing"


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def test_without_a_ranking_the_source_is_refused(linked: Linked) -> None:  # noqa: F811
    pou = linked.world.api("pou", WHY)
    body = {
        "name": "N",
        "objective": "x",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-20",
        "units": ["CN"],
    }
    op = _post(pou, "/operations", body).json()
    response = _post(pou, f"/operations/{op['id']}/targets/from-list", {"source": "highest_harm"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "source"


def test_targets_from_the_highest_harm_list(
    linked: Linked,  # noqa: F811
    settings: Any,
    tmp_path: Path,
) -> None:
    offender_actions.link_run(None)
    refresh_harm(None)
    ranking = HarmRanking.objects.filter(unit__isnull=True).first()
    assert ranking is not None
    top = ranking.entries.order_by("rank").first()
    assert top is not None
    pou = linked.world.api("pou", WHY)
    body = {
        "name": "N",
        "objective": "x",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-20",
        "units": ["CN", "NE"],
    }
    op = _post(pou, "/operations", body).json()
    response = _post(
        pou, f"/operations/{op['id']}/targets/from-list", {"source": "highest_harm", "limit": 2}
    )
    assert response.status_code == 201, response.content
    targets = response.json()["targets"]
    assert 1 <= len(targets) <= 2
    assert all(t["source"] == "highest_harm" for t in targets)
    top_persons = set(top.offender.mentions.values_list("person_id", flat=True))
    assert targets[0]["person_id"] in top_persons

    settings.DATA_DIR, settings.INSIGHTS_MAX_AGE = tmp_path, 0
    cohort = linked.world.api("admin").get("/api/v1/insights/attrition").json()["cohort"]
    assert cohort["available"] is True
    assert cohort["highest_harm"]["reports"] >= 1
