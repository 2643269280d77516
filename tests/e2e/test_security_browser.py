"""Chromium enforces the Content-Security-Policy: the main pages must not trip it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, cli_env, run_cli

pytestmark = pytest.mark.e2e

# Recorded by the page itself: Chromium fires this event for every blocked inline script,
# style, eval or foreign source (init scripts run outside the page's policy).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.pathname}:${e.lineNumber}`);
});
"""


class Watcher:
    """Collects CSP complaints from the console and the violation events of each page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.found.append(f"console on {self.page.url}: {text}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("networkidle")
        violations = self.page.evaluate("window.__cspViolations")
        self.found.extend(f"{url}: {v}" for v in violations)


def _sign_in(server: Server, page: Any, username: str) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("foursight-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def _menu_links(server: Server, page: Any) -> list[str]:
    hrefs = (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    links = [urljoin(server.url + "/", h) for h in hrefs if h]
    return [u for u in links if urlparse(u).netloc == urlparse(server.url).netloc]


@pytest.mark.parametrize("username", ["officer.cn", "analyst", "pou"])
def test_main_pages_raise_no_csp_violation(server: Server, browser: Any, username: str) -> None:
    page = browser.new_page()
    watcher = Watcher(page)
    _sign_in(server, page, username)
    urls = [f"{server.url}/", *_menu_links(server, page)]
    if username == "officer.cn":
        report = server.get("/reports?limit=1", username)["items"]
        assert isinstance(report, list)
        report_url = f"{server.url}/reports/{report[0]['id']}"
        urls += [report_url, f"{report_url}/evidence"]
    if username == "pou":
        page.goto(f"{server.url}/purpose?next=/")
        page.get_by_label("Purpose").fill("CSP check of the offender unit's pages")
        page.get_by_role("button", name="Set purpose").click()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    for url in dict.fromkeys(urls):
        watcher.visit(url)
    page.close()
    assert len(urls) >= 3
    assert not watcher.found, "\n".join(watcher.found)


def test_sign_in_and_api_docs_raise_no_csp_violation(server: Server, browser: Any) -> None:
    page = browser.new_page()
    watcher = Watcher(page)
    watcher.visit(f"{server.url}/login")
    watcher.visit(f"{server.url}/api/v1/docs")
    expect(page.locator("#swagger-ui")).to_contain_text("Foursight API")
    page.close()
    assert not watcher.found, "\n".join(watcher.found)


def test_demo_and_reset_refused_in_production(tmp_path: Any) -> None:
    env = cli_env(tmp_path)
    env.update(
        FOURSIGHT_ENV="production",
        FOURSIGHT_SECRET_KEY="production-secret-key-of-forty-characters",
        FOURSIGHT_AUDIT_KEY="production-audit-key-of-forty-characters!",
    )
    assert run_cli(env, "migrate").returncode == 0
    for args in (("demo",), ("demo", "--reset")):
        result = run_cli(env, *args)
        assert result.returncode == 2, result.stdout
        assert result.stderr.startswith("foursight: demo refused: FOURSIGHT_ENV=production")
        assert "Traceback" not in result.stderr


def test_commands_anchor_the_audit_chain(server: Server) -> None:
    """`foursight demo` (run by the fixture) anchored the head it reached; verify agrees."""
    result = run_cli(server.env, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "agreeing with" in result.stdout and "anchors in" in result.stdout
    anchored = run_cli(server.env, "audit", "anchor")
    assert anchored.returncode == 0 and anchored.stdout.startswith("anchored entry ")
