"""A real Chromium on the real demo: an officer reviews proposed redactions of an exhibit,
rejects one, adds one by selecting text, and saves the copy; no CSP violation on the way."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def _demo_copy_report(server: Server) -> int:
    items = server.get("/reports?limit=100", "officer.cn")["items"]
    assert isinstance(items, list)
    for item in items:
        copies = server.get(f"/reports/{item['id']}/redacted-copies", "officer.cn")["items"]
        if isinstance(copies, list) and copies:
            return int(item["id"])
    pytest.fail("the demo has no redacted copy on a Central North report")


def test_officer_reviews_and_saves_a_redacted_copy(server: Server, page: Any) -> None:
    report_id = _demo_copy_report(server)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill("officer.cn")
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{server.url}/reports/{report_id}/disclosure")
    expect(page.get_by_role("heading", name="Disclosure copies", exact=True)).to_be_visible()
    expect(page.get_by_text("DEMO/SMS/1 for disclosure")).to_be_visible()
    page.get_by_role("link", name="Make a redacted copy of DEMO/SMS/1").click()

    expect(
        page.get_by_role("heading", name="Review redactions: exhibit DEMO/SMS/1")
    ).to_be_visible()
    marks = page.locator("#redaction-text mark")
    assert marks.count() >= 2
    first = page.locator("input[name=accept]").first
    first.uncheck()
    expect(marks.first).to_have_class("rejected")
    # Select the first plain run's opening characters, as an officer would with the mouse.
    page.evaluate(
        """() => {
            const span = document.querySelector('#redaction-text span[data-start]');
            const range = document.createRange();
            range.setStart(span.firstChild, 0);
            range.setEnd(span.firstChild, 5);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            span.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }"""
    )
    expect(page.get_by_label("Character ranges to redact", exact=False)).to_have_value("0-5")
    page.get_by_label("Title of the copy").fill("DEMO/SMS/1 second copy")
    page.get_by_role("button", name="Save the redacted copy").click()

    expect(page.get_by_role("heading", name="DEMO/SMS/1 second copy")).to_be_visible()
    expect(page.get_by_text("1 added, 1 rejected", exact=False)).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p], problems
