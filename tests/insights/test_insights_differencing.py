"""Small-number suppression holds against differencing.

January and February 2026 have 21 reports each, March 4 (2 made here, the world's 2 on
1 March): March is suppressed for the analyst. Before, the totals for January to March
(46) and January to February (42) gave March's 4 by subtraction. Now the analyst asks for
every month range and every monthly row, and the count of March stays undetermined.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from foursight.cases.models import Report
from tests.conftest import World

MONTHS = ["2026-01", "2026-02", "2026-03"]
TRUE = {"2026-01": 21, "2026-02": 21, "2026-03": 4}


@pytest.fixture
def months_world(world: World, settings: Any, tmp_path: Path) -> World:
    settings.DATA_DIR = tmp_path
    settings.INSIGHTS_MAX_AGE = 3600  # one export, built at the first question
    cn = world.reports["cn"]
    made = [(1, 21), (2, 21), (3, 2)]
    Report.objects.bulk_create(
        Report(
            reference=f"CN-26-{month:02d}{i:04d}",
            unit=cn.unit,
            reported_at=datetime(2026, month, 2 + i % 20, 9, tzinfo=UTC),
            channel="online",
            status="open",
        )
        for month, count in made
        for i in range(count)
    )
    return world


def release(n: int, threshold: int) -> int | None:
    """The published rule, restated: 0 as 0, 1 to t - 1 withheld, others to the nearest t."""
    if n == 0:
        return 0
    return None if n < threshold else (n + threshold // 2) // threshold * threshold


def _candidates(shown: int | None, threshold: int) -> set[int]:
    """Every true count the analyst cannot rule out from one released figure."""
    return {n for n in range(200) if release(n, threshold) == shown}


def _ask(world: World, month_from: str, month_to: str) -> dict[str, Any]:
    response = world.api("analyst").get(
        "/api/v1/insights/attrition", {"month_from": month_from, "month_to": month_to}
    )
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_march_cannot_be_recovered_by_subtracting_ranges(months_world: World) -> None:
    threshold = 5
    ranges = [(a, b) for i, a in enumerate(MONTHS) for b in MONTHS[i:]]
    answers = {r: _ask(months_world, *r) for r in ranges}
    assert all(a["threshold"] == threshold for a in answers.values())
    # what the analyst learns: every range's total, every range's monthly rows
    constraints: list[tuple[tuple[str, ...], int | None]] = []
    for (a, b), data in answers.items():
        span = tuple(MONTHS[MONTHS.index(a) : MONTHS.index(b) + 1])
        constraints.append((span, data["totals"]["reports"]))
        for row in data["by_month"]:
            constraints.append(((row["month"],), row["reports"]))
    assert ((("2026-03",), None)) in constraints  # March itself is suppressed
    # the attack of the report: January-March minus January-February
    totals = {r: answers[r]["totals"]["reports"] for r in ranges}
    difference = totals[("2026-01", "2026-03")] - totals[("2026-01", "2026-02")]
    assert difference != TRUE["2026-03"]
    # every combination of monthly counts consistent with everything released
    single = {
        span[0]: _candidates(shown, threshold) for span, shown in constraints if len(span) == 1
    }
    feasible = [
        counts
        for counts in product(*(sorted(single[m]) for m in MONTHS))
        if all(
            release(sum(counts[MONTHS.index(m)] for m in span), threshold) == shown
            for span, shown in constraints
        )
    ]
    march = {counts[2] for counts in feasible}
    assert TRUE["2026-03"] in march
    assert march == {1, 2, 3, 4}  # no better than suppression alone


def test_every_released_count_is_rounded(months_world: World) -> None:
    data = _ask(months_world, "2026-01", "2026-03")
    rows = {r["month"]: r["reports"] for r in data["by_month"]}
    assert rows == {"2026-01": 20, "2026-02": 20, "2026-03": None}
    assert data["totals"]["reports"] == 45
    home = months_world.page("analyst").get("/").content.decode()
    # the analyst's home page uses the same rule: January's 21 shows as 20
    assert "<td>20</td>" in home and "<td>21</td>" not in home and "<td>&lt;5</td>" in home


def test_supervisors_and_admin_see_true_counts(months_world: World) -> None:
    response = months_world.api("admin", "Performance review").get(
        "/api/v1/insights/attrition", {"month_from": "2026-01", "month_to": "2026-03"}
    )
    assert response.json()["totals"]["reports"] == 46
