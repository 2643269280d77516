"""The main journeys of the officer, the STAC and the offender unit in a real Chromium, at
1366 px (a laptop) and 390 px (a phone): every page passes axe-core with no violation of
any impact, is no wider than the window, and is photographed for a person to look at
(``var/screenshots/<journey>/<width>-<nn>-<step>.png``; see tests/e2e/journeys.py).

The journeys only read: they find their reports through the API and walk the pages by
address and by menu and link names, so they hold while page content changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, launched_chromium
from tests.e2e.journeys import LOAD_MS, WIDTHS, Api, Journey

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chromium(chromium_path: str) -> Iterator[Any]:
    """One browser for every journey here; each journey and width has its own context."""
    with launched_chromium(chromium_path) as launched:
        yield launched


@contextmanager
def journey(chromium: Any, server: Server, name: str, width: int) -> Iterator[Journey]:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        yield Journey(context.new_page(), server, name, width)
    finally:
        context.close()


def evidence_report(api: Api) -> dict[str, Any]:
    """A Central North report with the demo's phone evidence on it."""
    items = api.get("/reports?limit=20&status=open")["items"]
    for item in items:
        if api.get(f"/reports/{item['id']}/exhibits"):
            return dict(item)
    pytest.fail("no open report of officer.cn has demo evidence")


def planned_stac_case(api: Api) -> dict[str, Any]:
    """A case referred to the STAC that has a management plan."""
    for case in api.get("/stac/cases")["items"]:
        if case["plan_review_on"]:
            return dict(case)
    pytest.fail("no STAC case in the demo has a plan")


@pytest.mark.parametrize("width", WIDTHS)
def test_officer_journey(chromium: Any, server: Server, width: int) -> None:
    report = evidence_report(Api(server, "officer.cn"))
    base = f"/reports/{report['id']}"
    with journey(chromium, server, "officer", width) as j:
        j.sign_in("officer.cn")
        j.menu("Reports", "reports")
        j.goto("report", base)
        expect(j.page.locator("main")).to_contain_text(report["reference"])
        j.goto("evidence", f"{base}/evidence")
        j.goto("conduct", f"{base}/conduct")
        j.goto("timeline", f"{base}/timeline")
        j.goto("risk", f"{base}/risk")


@pytest.mark.parametrize("width", WIDTHS)
def test_stac_journey(chromium: Any, server: Server, width: int) -> None:
    case = planned_stac_case(Api(server, "stac"))
    with journey(chromium, server, "stac", width) as j:
        j.sign_in("stac")
        j.menu("STAC cases", "stac-cases")
        link = j.page.locator("main").get_by_role("link", name=case["reference"], exact=True)
        with j.page.expect_navigation(timeout=LOAD_MS):
            link.first.click()
        assert j.page.url.endswith(f"/reports/{case['report_id']}/stac")
        j.check("case-and-plan")
        expect(j.page.get_by_role("heading", name=re.compile("plan", re.I)).first).to_be_visible()
        j.goto("report", f"/reports/{case['report_id']}")
        j.goto("risk", f"/reports/{case['report_id']}/risk")


@pytest.mark.parametrize("width", WIDTHS)
def test_offender_unit_journey(chromium: Any, server: Server, width: int) -> None:
    with journey(chromium, server, "offender-unit", width) as j:
        j.sign_in("pou")
        j.menu("Purpose of access", "purpose")
        j.page.get_by_label(re.compile("purpose", re.I)).fill("Operation journey check")
        with j.page.expect_navigation(timeout=LOAD_MS):
            j.page.locator("main").get_by_role("button", name=re.compile("purpose", re.I)).click()
        j.menu("Offenders", "offenders")
        j.menu("Highest harm", "highest-harm")
        j.goto("offender", j.first_link(r"^/offenders/[^/?]+$"))
        j.menu("Operations", "operations")
        j.goto("operation", j.first_link(r"^/operations/\d+$"))
