"""One step of a browser journey: open a page, check it, photograph it.

Every step checks what every staff page owes a person at any width: the page loaded
(status below 400) with a level-one heading, its scripts ran, axe-core finds no violation
of any impact, and the page is no wider than the window (at 390 px: a phone). The
screenshot goes to ``$FOURSIGHT_SCREENSHOTS/<journey>/<width>-<nn>-<step>.png`` (default
``var/screenshots``, ignored by git) so that a person can look at every page.

Journeys find their pages by address and by the names of links and headings, never by
the layout of a page's content, so that pages can change without breaking them.
"""

from __future__ import annotations

import json
import os
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Server

ROOT = Path(__file__).resolve().parents[2]
AXE = (Path(__file__).parent / "assets" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = (1366, 390)
LOAD_MS = 60_000  # a page's slowest load on a busy test machine
PASSWORD = "foursight-demo"


def screenshot_dir() -> Path:
    return Path(os.environ.get("FOURSIGHT_SCREENSHOTS", ROOT / "var" / "screenshots"))


@dataclass
class Api:
    """The JSON API as one user, with one token for the whole journey (and the patience of
    a page load: the first call may be the server's first request)."""

    server: Server
    username: str
    token: str = ""

    def call(self, path: str, body: dict[str, str] | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            f"{self.server.url}/api/v1{path}",
            data=json.dumps(body).encode() if body else None,
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=LOAD_MS / 1000) as response:
            return json.load(response)

    def get(self, path: str) -> Any:
        if not self.token:
            login = {"username": self.username, "password": PASSWORD}
            self.token = str(self.call("/auth/token", login)["token"])
        return self.call(path)


@dataclass
class Journey:
    """A person's way through the service at one window width, step by step."""

    page: Any
    server: Server
    name: str
    width: int
    steps: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder = screenshot_dir() / self.name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob(f"{self.width}-*.png"):
            old.unlink()

    @property
    def phone(self) -> bool:
        return self.width < 641  # where the GOV.UK layout turns to one column

    def goto(self, step: str, path: str) -> None:
        """Open ``path`` by its address, then check and photograph it as ``step``."""
        response = self.page.goto(f"{self.server.url}{path}", timeout=LOAD_MS)
        assert response is not None and response.status < 400, f"{path}: {response}"
        self.check(step)

    def check(self, step: str) -> None:
        """The page now shown is usable: heading, scripts, axe, width; then a screenshot."""
        page = self.page
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        assert page.title().endswith(" - Foursight") and "<" not in page.title(), page.title()
        # the shell's module script has run (components started, tables given their box)
        expect(page.locator("body.govuk-frontend-supported")).to_have_count(1)
        self.steps.append(step)
        name = f"{self.width}-{len(self.steps):02d}-{step}.png"
        page.screenshot(path=str(self.folder / name), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, f"{page.url} is {width} px wide in a {self.width} px window"
        assert_no_axe_violations(page)

    def sign_in(self, username: str) -> None:
        self.goto("sign-in", "/login")
        self.page.get_by_label("User name").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        with self.page.expect_navigation(timeout=LOAD_MS):
            self.page.get_by_role("button", name="Sign in").click()
        self.check("home")

    def menu(self, label: str, step: str) -> None:
        """Follow a menu entry: on a phone, open the Menu with the keyboard first."""
        page = self.page
        if self.phone:
            toggle = page.get_by_role("button", name="Menu")
            expect(page.get_by_role("link", name=label, exact=True)).to_be_hidden()
            toggle.focus()
            page.keyboard.press("Enter")
            expect(toggle).to_have_attribute("aria-expanded", "true")
        menu = page.get_by_role("navigation", name="Main")
        link = menu.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        link.focus()
        with page.expect_navigation(timeout=LOAD_MS):
            page.keyboard.press("Enter")
        self.check(step)

    def first_link(self, pattern: str) -> str:
        """The address of the first link in the main column matching a regular expression."""
        href = self.page.evaluate(
            """(pattern) => [...document.querySelectorAll("main a[href]")]
                .map((a) => a.getAttribute("href"))
                .find((h) => new RegExp(pattern).test(h))""",
            pattern,
        )
        assert href, f"{self.page.url}: no link to {pattern}"
        return str(href)


def assert_no_axe_violations(page: Any) -> None:
    """axe-core on the page as it is: any violation, of any impact, fails."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    found = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not found, f"{page.url}: {found}"
