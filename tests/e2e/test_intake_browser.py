"""A real Chromium on the real server: the public report by keyboard alone, anonymous
information (nothing about the giver stored), the victim's diary entry becoming an
occasion, an upload reaching the exhibit's custody log, the quick exit, and axe-core on
every public and victim page (serious or critical violations fail)."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e
AXE = (Path(__file__).parent / "assets" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"
AGENT = "FoursightE2E-DistinctiveAgent/1.0"
NEUTRAL = "https://www.bbc.co.uk/weather"


@pytest.fixture
def public(browser: Any) -> Iterator[Any]:
    """A page in a fresh context, with a distinctive browser name; the neutral site of the
    quick exit is answered locally (the machine has no internet)."""
    context = browser.new_context(user_agent=AGENT, bypass_csp=True)
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="Weather"))
    page = context.new_page()
    yield page
    context.close()


def axe_check(page: Any) -> None:
    # The page's own script (a module file, no inline script) has run.
    expect(page.locator("body.govuk-frontend-supported")).to_have_count(1)
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: {bad}"
    expect(page.locator(".app-danger-banner")).to_contain_text("If you are in danger now, call 999")


FOCUSED = """([selector, text]) => {
    const el = document.activeElement;
    if (!el) return false;
    if (text) return el.matches(selector) && el.textContent.trim() === text;
    return el.matches(selector);
}"""


def tab_to(page: Any, selector: str, text: str = "") -> None:
    """Press Tab until ``selector`` (with ``text``, when given) has the focus."""
    for _ in range(60):
        if page.evaluate(FOCUSED, [selector, text]):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"could not reach {selector} {text} with the keyboard")


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press_button(page: Any, name: str) -> None:
    tab_to(page, "button", name)
    page.keyboard.press("Enter")


def _post(server: Server, path: str, body: dict[str, Any], username: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {server.token(username)}",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data: dict[str, Any] = json.load(response)
        return data


def test_public_report_by_keyboard_only(server: Server, public: Any) -> None:
    page = public
    page.goto(f"{server.url}/login")
    page.get_by_role("link", name="Report stalking online").click()
    axe_check(page)
    type_into(page, "#what_happened", "He sends messages every night and waits at my gym.")
    type_into(page, "#started", "October")
    press_button(page, "Continue")
    expect(page.get_by_role("heading", name="What is your postcode?")).to_be_visible()
    type_into(page, "#postcode", "M1 1AE")
    press_button(page, "Continue")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("outside the Metropolitan")
    axe_check(page)
    tab_to(page, "#postcode")
    page.keyboard.press("Control+A")
    page.keyboard.type("E8 1DY")
    press_button(page, "Continue")
    expect(page.get_by_role("heading", name="Who is doing it?")).to_be_visible()
    axe_check(page)
    type_into(page, "#suspect_name", "Kit Marlow")
    tab_to(page, "#relationship")
    page.keyboard.press("Space")
    type_into(page, "#suspect_phones", "07700 900888")
    press_button(page, "Continue")
    expect(page.get_by_role("heading", name="How can we contact you safely?")).to_be_visible()
    axe_check(page)
    type_into(page, "#reporter_name", "Ada Lovell")
    type_into(page, "#reporter_phone", "07700 900999")
    type_into(page, "#safe_contact", "Text only")
    press_button(page, "Continue")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    axe_check(page)
    press_button(page, "Send report")
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    axe_check(page)
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("CE-")
    queue = server.get("/triage?kind=online_report", "officer.ce")
    assert reference in [i["reference"] for i in queue["items"]]  # type: ignore[index]


def test_anonymous_information_keeps_nothing_about_the_giver(server: Server, public: Any) -> None:
    page = public
    page.goto(f"{server.url}/public/information")
    axe_check(page)
    expect(page.locator("#promise")).to_contain_text("internet (IP) address")
    page.get_by_label("What do you know?").fill("He watches the school gate on Mare Street.")
    page.get_by_label("Who is doing it (if you know)").fill("Glen Frost")
    page.get_by_label("Postcode of that place (if you know)").fill("E8")
    page.get_by_role("button", name="Send information").click()
    expect(page.get_by_role("heading", name="Information sent")).to_be_visible()
    axe_check(page)
    queue = server.get("/triage?kind=information", "officer.ce")
    texts = [i["text"] for i in queue["items"]]  # type: ignore[index]
    assert "He watches the school gate on Mare Street." in texts
    database = Path(server.env["FOURSIGHT_DATA_DIR"]) / "foursight.sqlite3"
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT * FROM intake_intelligenceitem WHERE what LIKE 'He watches%'"
        ).fetchone()
        columns = [c[1] for c in db.execute("PRAGMA table_info(intake_intelligenceitem)")]
        assert row is not None
        assert not {"ip", "address", "user_agent", "reporter", "email", "phone"} & set(columns)
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            if table == "accounts_loginattempt":
                continue  # the officers' own sign-ins (this test's API tokens), by design
            query = f'SELECT * FROM "{table}"'
            if table == "audit_auditentry":  # again, less the officers' own sign-ins
                query += " WHERE action NOT IN ('signed_in', 'sign_in_failed')"
            dump = json.dumps(db.execute(query).fetchall(), default=str)
            assert AGENT not in dump, table
            assert "127.0.0.1" not in dump, table


def _victim_link(server: Server) -> tuple[dict[str, Any], dict[str, Any]]:
    reports = server.get("/reports?limit=40", "officer.cn")["items"]
    assert isinstance(reports, list)
    for item in reports:
        report = server.get(f"/reports/{item['id']}", "officer.cn")
        if report.get("victims") and report.get("status") == "open":
            link = _post(server, f"/reports/{report['id']}/victim-access", {}, "officer.cn")
            return report, link
    pytest.fail("no open demo report with a victim in CN")


def _sign_in(page: Any, link: dict[str, Any]) -> None:
    page.goto(link["url"])
    axe_check(page)
    type_into(page, "#passcode", link["passcode"])
    press_button(page, "Continue")
    expect(page.get_by_role("heading", name="Your case")).to_be_visible()
    axe_check(page)


def test_diary_entry_becomes_an_occasion_when_accepted(server: Server, public: Any) -> None:
    report, link = _victim_link(server)
    page = public
    _sign_in(page, link)
    tab_to(page, "a[href='/victim/diary/new']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add to your diary")).to_be_visible()
    axe_check(page)
    type_into(page, "#day", "3")
    type_into(page, "#month", "3")
    type_into(page, "#year", "2026")
    type_into(page, "#time", "21:15")
    type_into(page, "#place", "Outside the library")
    type_into(page, "#what_happened", "He stood at the library door until it closed.")
    type_into(page, "#effect", "Frightened")
    press_button(page, "Send to my officer")
    expect(page.get_by_text("Your diary entry has been sent to your officer.")).to_be_visible()
    queue = server.get("/triage?kind=diary_entry", "officer.cn")
    entry = next(
        i
        for i in queue["items"]  # type: ignore[union-attr]
        if i["text"] == "He stood at the library door until it closed."
    )
    before = server.get(f"/reports/{report['id']}", "officer.cn")["occasions"]
    assert isinstance(before, list)
    assert not [o for o in before if o["description"].startswith("He stood at the library")]
    _post(server, f"/diary/{entry['id']}/accept", {"behaviours": ["loitering"]}, "officer.cn")
    after = server.get(f"/reports/{report['id']}", "officer.cn")["occasions"]
    assert isinstance(after, list)
    made = [o for o in after if o["description"].startswith("He stood at the library")]
    assert made and made[0]["source"] == "victim_diary"
    page.reload()
    expect(page.locator("table")).to_contain_text("Added to your case")


def test_upload_reaches_the_custody_log_and_quick_exit_leaves(server: Server, public: Any) -> None:
    report, link = _victim_link(server)
    page = public
    _sign_in(page, link)
    page.get_by_role("button", name="Send evidence").click()
    axe_check(page)
    page.get_by_label("Choose a file").set_input_files(str(FIXTURES / "sms-20240314093000.xml"))
    page.get_by_role("button", name="Send file").click()
    expect(page.get_by_text("Your file has been sent to your officer.")).to_be_visible()
    exhibits = server.get(f"/reports/{report['id']}/exhibits", "officer.cn")
    assert isinstance(exhibits, list)
    mine = [e for e in exhibits if e["reference"].startswith("VIC-")]
    assert mine
    detail = server.get(f"/reports/{report['id']}/exhibits/{mine[-1]['id']}", "officer.cn")
    custody = detail["custody"]
    assert isinstance(custody, list)
    assert [c["action"] for c in custody][-2:] == ["ingest", "received"]
    assert custody[-1]["actor"] == f"victim-link-{link['id']}"
    page.get_by_role("button", name="Exit this page quickly").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()  # the victim's last page was replaced: back finds nothing of theirs
    expect(page.get_by_role("heading", name="Use your link to continue")).to_be_visible()
    expect(page.get_by_text(report["reference"])).to_have_count(0)
    page.goto(f"{server.url}/victim")
    expect(page.get_by_role("heading", name="Use your link to continue")).to_be_visible()
    axe_check(page)
