"""Every insights route and page against every role and unit.

The oracle, by hand: analysts (suppressed), supervisors (own BCU) and admin see
insights; every other role gets not found; nobody sees a person's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROLES, World

READERS = {"analyst", "supervisor_cn", "admin"}
ROUTES = [
    "/api/v1/insights/attrition",
    "/api/v1/insights/dashboard",
    "/api/v1/insights/funnel",
    "/api/v1/insights/export?table=attrition_by_month&format=csv",
    "/api/v1/insights/export?table=withdrawal_reasons&format=parquet",
]
PAGES = ["/insights", "/insights/funnel", "/insights/export?table=attrition_by_bcu&format=csv"]


@pytest.fixture(autouse=True)
def _export_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.INSIGHTS_MAX_AGE = 0


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("path", ROUTES)
def test_routes(world: World, who: str, path: str) -> None:
    response = world.api(who, "Insight review" if who in ("pou", "admin") else None).get(path)
    expected = 200 if who in READERS else 404
    assert response.status_code == expected, response.content
    for name in (b"DENTON", b"Walker", b"Okafor", b"HUME"):
        assert name not in response.content


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("path", PAGES)
def test_pages(world: World, who: str, path: str) -> None:
    response = world.page(who).get(path)
    expected = 200 if who in READERS else 404
    assert response.status_code == expected, response.content
    if expected == 200 and path == "/insights":
        html = response.content.decode()
        assert "<svg" in html and "Victim withdrawal" in html
        assert ("&lt;5" in html) == (who == "analyst")


def test_supervisor_page_covers_own_bcu(world: World) -> None:
    html = world.page("supervisor_cn").get("/insights?bcu=NE").content.decode()
    assert "for BCU CN" not in html  # another BCU is not found, the page never shows NE
    page = world.page("supervisor_cn").get("/insights")
    assert "for BCU CN" in page.content.decode()


def test_page_filter_errors_name_the_field(world: World) -> None:
    response = world.page("analyst").get("/insights?month_from=March")
    assert response.status_code == 400
    assert b"month_from: give a month as YYYY-MM" in response.content
