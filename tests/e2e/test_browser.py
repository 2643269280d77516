"""A real Chromium drives the real server: an officer finds and opens a report."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def test_officer_searches_opens_and_is_kept_to_own_bcu(server: Server, page: Any) -> None:
    reports = server.get("/reports?limit=1", "officer.cn")["items"]
    assert isinstance(reports, list)
    wanted = reports[0]["reference"]
    other_bcu = server.get("/reports?limit=1", "officer.ne")["items"]
    assert isinstance(other_bcu, list)
    other_id = other_bcu[0]["id"]

    page.goto(f"{server.url}/")
    page.get_by_label("User name").fill("officer.cn")
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_label("Reference or surname").fill(wanted)
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("1 report.")
    page.get_by_role("link", name=wanted).click()
    expect(page.get_by_role("heading", name=f"Report {wanted}")).to_be_visible()
    expect(page.locator("#occasions")).to_contain_text("Occasions")
    assert re.search(r"/reports/\d+$", page.url)

    response = page.goto(f"{server.url}/reports/{other_id}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
