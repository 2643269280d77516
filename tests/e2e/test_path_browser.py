"""A real Chromium on the real server: an officer follows a suspect from the report to an
everyday arrest (outside any operation), a charge, a conviction with a restraining order
and a release from custody, which raises the risk review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e
UK = ZoneInfo("Europe/London")
AXE = (Path(__file__).parent / "assets" / "axe-4.14.1.min.js").read_text(encoding="utf-8")


def _axe(page: Any) -> None:
    """No serious or critical axe-core violation, and nothing wider than the screen."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: {bad}"


def _fresh_suspect(server: Server) -> tuple[dict[str, Any], dict[str, Any]]:
    """A CN report, older than a day, with a victim and a suspect who has no path yet."""
    items = server.get("/reports?limit=60", "officer.cn")["items"]
    assert isinstance(items, list)
    cutoff = datetime.now(UTC) - timedelta(days=2)
    for item in items[8:]:  # the first ones are the orders browser tests'
        report = server.get(f"/reports/{item['id']}", "officer.cn")
        suspects, victims = report.get("suspects") or [], report.get("victims") or []
        assert isinstance(suspects, list) and isinstance(victims, list)
        reported = datetime.fromisoformat(str(report["reported_at"]).replace("Z", "+00:00"))
        if not (suspects and victims and suspects[0]["person_id"] and reported < cutoff):
            continue
        party = suspects[0]
        path = server.get(
            f"/reports/{report['id']}/suspects/{party['party_id']}/path", "officer.cn"
        )
        if path["steps"] == []:
            return report, party
    pytest.fail("no demo report in CN with a suspect who has no path")


def test_report_to_arrest_charge_conviction_and_release(server: Server, page: Any) -> None:
    report, party = _fresh_suspect(server)
    now = datetime.now(UK)
    today = now.date().isoformat()

    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill("officer.cn")
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{server.url}/reports/{report['id']}")
    paths = page.locator("#suspect-paths")
    expect(paths).to_contain_text("No steps recorded yet")
    paths.get_by_role("link", name="Add step").first.click()
    expect(page.get_by_role("heading", name="Add step")).to_be_visible()

    # an arrest with no offence is refused, and what was typed stays
    at = (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time (UK time)").fill(at)
    page.get_by_label("Where (optional)").fill("Camden High Street")
    page.get_by_role("button", name="Add arrest").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    _axe(page)
    expect(page.get_by_label("Where (optional)")).to_have_value("Camden High Street")
    page.get_by_label("Stalking (8Q)").check()
    page.get_by_role("button", name="Add arrest").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Arrest recorded")

    page.get_by_role("link", name="Charge", exact=True).click()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_label("Stalking (8Q)").check()
    page.get_by_label("Authorised by").select_option("cps")
    page.get_by_role("button", name="Add charge").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Charge recorded")

    page.get_by_role("link", name="Verdict", exact=True).click()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_label("Stalking (8Q)").select_option("guilty")
    page.get_by_role("button", name="Add verdict").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Verdict recorded")

    page.get_by_role("link", name="Sentence", exact=True).click()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_label("Court (optional)").fill("Wood Green Crown Court")
    page.get_by_label("Sentence", exact=True).select_option("immediate_custody")
    page.get_by_label("Length in months (optional)").fill("6")
    page.get_by_label("Order", exact=True).select_option("restraining_conviction")
    ends = (now.date() + timedelta(days=3 * 365)).isoformat()
    page.get_by_label("Ends on (blank: until further order)").fill(ends)
    page.get_by_role("button", name="Add sentence").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Sentence recorded")
    expect(page.locator(".path-timeline")).to_contain_text("Orders made")

    page.get_by_role("link", name="Release from custody", exact=True).click()
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_role("button", name="Add release from custody").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Release from custody recorded"
    )
    expect(page.locator(".path-timeline")).to_contain_text("Risk review raised")

    path = server.get(f"/reports/{report['id']}/suspects/{party['party_id']}/path", "officer.cn")
    steps = path["steps"]
    assert isinstance(steps, list)
    assert [s["kind"] for s in steps] == ["arrest", "charge", "verdict", "sentence", "release"]
    assert steps[0]["operation"] is None
    orders = server.get(
        f"/orders?person_id={party['person_id']}&kind=restraining_conviction", "officer.cn"
    )
    assert orders["count"] == 1
    outcome = server.get(f"/reports/{report['id']}", "officer.cn")["outcome"]
    assert isinstance(outcome, dict) and outcome["code"] == "1"
    page.set_viewport_size({"width": 390, "height": 844})
    _axe(page)
    # the page's own content fits a 390 px screen (the shared menu bar is the shell's)
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => "
        "e.getBoundingClientRect().right > 390).map(e => e.tagName + ' ' + e.id + ' ' + "
        "e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert widest <= 390, wide
    page.goto(f"{server.url}/reports/{report['id']}")
    expect(page.locator("#suspect-paths")).to_contain_text("Release from custody")
