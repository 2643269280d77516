"""A real Chromium sets up an authenticator, signs in with a code, then with a recovery code."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import Server, run_cli

pytestmark = pytest.mark.e2e

PASSWORD = "tidal-quarry-lantern"


def _code(key_text: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_sets_up_and_uses_a_second_factor(server: Server, page: Any) -> None:
    created = run_cli(
        server.env,
        *("user", "create", "e2e.totp", "--role", "officer", "--unit", "CN", "--password-stdin"),
        stdin=f"{PASSWORD}\n",
    )
    assert created.returncode == 0, created.stderr
    failed: list[str] = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )

    _sign_in(page, server.url, "e2e.totp")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_text("not set up")).to_be_visible()
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    key = page.locator("main code").first.inner_text()
    page.get_by_label("Code from the app").fill(_code(key))
    page.get_by_role("button", name="Check the code and finish").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10

    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, server.url, "e2e.totp")
    expect(page.get_by_role("heading", name="Sign-in code")).to_be_visible()
    page.get_by_label("Code").fill(_code(key, 1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, server.url, "e2e.totp")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert failed == [], "every page and asset loaded"
