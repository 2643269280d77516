"""A real Chromium drives the real server: the offender unit runs an operation from its
target list to an arrest, a charge and the dashboard counts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def test_operation_from_target_list_to_arrest_charge_and_counts(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill("pou")
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/purpose?next=/operations")
    page.get_by_label("Purpose").fill("Operation Nightjar e2e briefing")
    page.get_by_role("button", name="Set purpose").click()
    expect(page.get_by_role("heading", name="Operations", exact=True)).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Nightjar")
    page.get_by_label("Objective").fill("Arrest outstanding stalking suspects")
    page.get_by_label("Ends on").fill(date.today().isoformat())
    page.get_by_label("Units").select_option(["CN", "NE"])
    page.get_by_role("button", name="Create operation").click()
    expect(page.get_by_role("heading", name="Operation Nightjar")).to_be_visible()
    assert re.search(r"/operations/\d+$", page.url)

    page.locator("summary", has_text="Add targets from a list").click()
    page.get_by_label("From list").select_option("outstanding_suspects")
    page.get_by_label("How many (top)").fill("3")
    page.get_by_role("button", name="Add targets from list").click()
    expect(page.locator("#confirm-count")).to_contain_text("Add 3 targets")
    page.get_by_role("button", name="Add 3 targets").click()
    expect(page.locator("#count-total")).to_have_text("3")
    expect(page.locator("#count-outstanding")).to_have_text("3")

    first = page.locator("article.target").first
    first.locator("summary", has_text="Record the outcome").click()
    first.get_by_label("Outcome").select_option("arrested")
    first.get_by_label("Offences arrested for").select_option(["8Q", "NFS"])
    first.get_by_role("button", name="Save outcome").click()
    expect(page.locator("#count-arrested")).to_have_text("1")
    expect(page.locator("#count-outstanding")).to_have_text("2")

    first = page.locator("article.target").first
    first.locator("summary", has_text="Record a charge").click()
    first.get_by_label("Charged on").fill(date.today().isoformat())
    first.get_by_label("Offences charged").select_option(["8Q"])
    first.get_by_role("button", name="Save charge").click()
    expect(page.locator("#count-charged")).to_have_text("1")
    expect(page.locator("#dashboard")).to_contain_text("stalking harassment: 1")
    expect(page.locator("#dashboard")).to_contain_text("assault strangulation: 1")

    op_id = int(page.url.rsplit("/", 1)[1].split("#")[0])
    token = server.token("pou")
    summary = page.request.get(
        f"{server.url}/api/v1/operations/{op_id}/summary",
        headers={"Authorization": f"Bearer {token}", "X-Justification": "Nightjar e2e check"},
    ).json()
    assert summary["targets"] == {
        "outstanding": 2,
        "arrested": 1,
        "circulated_as_wanted": 0,
        "eliminated": 0,
    }
    assert summary["charged"] == 1
    assert summary["arrests_by_category"]["stalking_harassment"] == 1
