"""Pages: a session of a user who must use a second factor counts only once it is verified.

Sign-in verifies it (accounts/signin.py); this catches sessions that began before
``FOURSIGHT_REQUIRE_2FA`` was turned on or before the user's role changed, and signs
them out, so the request goes on as anonymous and the page asks for a sign-in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from foursight.accounts import twofactor
from foursight.accounts.models import User


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.REQUIRE_2FA and not request.path.startswith("/api/"):
            user = getattr(request, "user", None)
            if (
                isinstance(user, User) and twofactor.required(user) and not user.is_verified()  # type: ignore[attr-defined]
            ):
                logout(request)
        return self.get_response(request)
