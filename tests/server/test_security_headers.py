"""Security headers: a strict CSP, no caching of personal data, HSTS over HTTPS."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import World

SRC = Path(__file__).resolve().parents[2] / "src" / "foursight"


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


def test_pages_carry_a_strict_policy_and_are_not_stored(world: World) -> None:
    report = world.reports["cn"]
    officer = world.page("officer_cn")
    for path in ("/", "/reports", f"/reports/{report.pk}", "/persons"):
        response = officer.get(path)
        assert response.status_code == 200, path
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["default-src"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert "unsafe" not in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"], path


def test_api_responses_are_not_stored(world: World) -> None:
    response = world.api("officer_cn").get(f"/api/v1/reports/{world.reports['cn'].pk}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    refused = Client().get("/api/v1/reports")
    assert refused.status_code == 401 and "no-store" in refused["Cache-Control"]


def test_sign_in_page_is_not_stored_and_static_files_are(db: None) -> None:
    page = Client().get("/login")
    assert "no-store" in page["Cache-Control"]
    static = Client().get("/static/foursight/foursight.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
    static.close()


def test_hsts_and_secure_cookies_when_deployed(db: None, settings: Any) -> None:
    """The values settings.py chooses outside development (tests/server/test_security_settings.py)."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = True
    response = Client().get("/login", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response.cookies["csrftoken"]["secure"]


def test_no_hsts_in_development(db: None) -> None:
    response = Client().get("/login", secure=True)
    assert "Strict-Transport-Security" not in response


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"javascript:", re.I)


def _markup_sources() -> list[Path]:
    templates = list(SRC.rglob("templates/**/*.html"))
    # Python that builds markup (SVG charts) is held to the same rule.
    builders = [p for p in SRC.rglob("*.py") if "<svg" in p.read_text(encoding="utf-8")]
    return templates + builders


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script>"),
        (HANDLER, "on*= handler"),
        (STYLE_ATTR, "style= attribute"),
        (STYLE_ELEMENT, "<style> element"),
        (JS_URL, "javascript: URL"),
    ],
)
def test_no_markup_the_policy_would_block(pattern: re.Pattern[str], what: str) -> None:
    found = [
        f"{path.relative_to(SRC)}:{text.count(chr(10), 0, m.start()) + 1}"
        for path in _markup_sources()
        for text in [path.read_text(encoding="utf-8")]
        for m in pattern.finditer(text)
    ]
    assert len(_markup_sources()) > 20
    assert not found, f"{what} in {found}: move it to static/foursight/"


def test_htmx_inline_indicator_style_is_switched_off(world: World) -> None:
    html = world.page("officer_cn").get("/").content.decode()
    assert '"includeIndicatorStyles":false' in html and '"allowEval":false' in html
    css = (SRC / "static" / "foursight" / "foursight.css").read_text()
    assert ".htmx-indicator" in css
