"""The real CLI links the demo force's suspects and ranks them; a real Chromium on the real
server: the offender unit opens the highest-harm list and an offender, and an officer
sees the repeat-offender flag on a report."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, run_cli

pytestmark = pytest.mark.e2e
REASON = "Highest-harm target selection"


def _justified_get(server: Server, path: str, username: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}",
        headers={
            "Authorization": f"Bearer {server.token(username)}",
            "X-Justification": REASON,
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data: dict[str, Any] = json.load(response)
        return data


def _login(page: Any, server: Server, username: str) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_link_rank_and_open_the_top_offender(server: Server, page: Any) -> None:
    linked = run_cli(server.env, "link", "run")
    assert linked.returncode == 0, linked.stderr
    assert re.match(r"link run \d+: \d+ mentions, \d+ offenders", linked.stdout)
    again = run_cli(server.env, "link", "run")
    assert again.returncode == 0, again.stderr
    ranked = run_cli(server.env, "harm", "refresh")
    assert ranked.returncode == 0, ranked.stderr
    assert "index ons-css" in ranked.stdout

    top = _justified_get(server, "/harm/top?limit=5", "pou")
    first = top["items"][0]
    assert top["ranking"]["scope"] == "force" and first["rank"] == 1 and first["crimes"] >= 2
    offender = _justified_get(server, f"/offenders/{first['offender']}", "pou")
    assert offender["reports"] >= 2 and offender["victims"]["names"] is None

    _login(page, server, "pou")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Highest harm").click()
    page.get_by_label("Why do you need this record?").fill(REASON)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Highest-harm offenders"))).to_be_visible()
    page.get_by_role("link", name=first["offender"], exact=True).click()
    expect(page.get_by_role("heading", name=f"Offender {first['offender']}")).to_be_visible()
    expect(page.locator("#harm")).to_contain_text("Rank 1")
    expect(page.locator("#timeline li")).to_have_count(offender["reports"])

    report_id = next(
        m["report_id"] for m in offender["mentions"] if m["bcu"] == offender["bcus"][0]
    )
    officer = f"officer.{offender['bcus'][0].lower()}"
    page.goto(f"{server.url}/")
    page.get_by_role("button", name="Sign out").click()
    _login(page, server, officer)
    page.goto(f"{server.url}/reports/{report_id}")
    expect(page.locator("#offender-matches")).to_contain_text("Repeat offender:")
    expect(page.locator("#offender-matches")).to_contain_text(first["offender"])
