"""Checks shared by the page-form tests: a refusal re-displays its page, a change says so."""

from __future__ import annotations

from typing import Any

from django.test import Client


def refused(response: Any, *words: str) -> str:
    """The form came back on its page (400) with the error summary and ``words``."""
    body = response.content.decode()
    assert response.status_code == 400, body[:400]
    assert "There is a problem" in body and "Cannot do that" not in body
    for word in words:
        assert word in body, word
    return body


def banner(client: Client, response: Any, words: str) -> None:
    """The change redirected to a page whose success banner says ``words``."""
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in page and words in page
