"""A real Chromium on the real demo server: an analyst reads the insights page (small
numbers suppressed) and downloads an aggregate; a supervisor is kept to their BCU."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def _login(browser: Any, server: Server, username: str) -> Any:
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    return page


def test_analyst_reads_insights_and_downloads_aggregates(server: Server, browser: Any) -> None:
    page = _login(browser, server, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.locator("#attrition")).to_contain_text("Victim withdrawal (14, 16)")
    page.get_by_label("BCU", exact=True).select_option("CN")
    page.get_by_label("Offence", exact=True).select_option("8Q")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Aggregates only for BCU CN")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#exports li", has_text="attrition_by_month").get_by_role(
            "link", name="CSV"
        ).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith('"month","reports"')
    assert server.get("/insights/attrition?bcu=CN&offence=8Q", "analyst")["filters"] == {
        "month_from": None,
        "month_to": None,
        "bcu": "CN",
        "offence": "8Q",
    }


def test_supervisor_sees_own_bcu_only(server: Server, browser: Any) -> None:
    page = _login(browser, server, "supervisor.cn")
    page.goto(f"{server.url}/insights")
    expect(page.get_by_text("Aggregates only for BCU CN")).to_be_visible()
    response = page.goto(f"{server.url}/insights?bcu=NE")
    assert response is not None and response.status == 404
