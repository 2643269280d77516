"""Response headers that keep personal data out of caches and script out of pages.

The Content-Security-Policy allows scripts, styles, images, fonts and requests from this
origin only: no inline script, no inline style, no ``eval``, no framing. Templates
therefore carry no ``<script>`` body, ``on*=`` handler or ``style=`` attribute; behaviour
lives in ``static/foursight/*.js`` and looks in ``static/foursight/foursight.css``.
htmx's own indicator style is switched off by the ``htmx-config`` meta tag in
``base.html`` and defined in ``foursight.css`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from csp.constants import NONE, SELF

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

CONTENT_SECURITY_POLICY_DIRECTIVES = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page and API response.

    Almost every response names a victim, a suspect or a user; a rule with exceptions
    would one day miss one. Static files are served before this middleware (WhiteNoise)
    and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store, private"
        response["Pragma"] = "no-cache"
        return response
