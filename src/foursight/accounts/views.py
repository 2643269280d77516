"""Page helpers shared by every app, and the purpose-of-access form (sign-in: signin.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from foursight.accounts.access import JUSTIFIED_ROLES
from foursight.accounts.models import User
from foursight.errors import InvalidInput

SESSION_KEY = "justification"


def page_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def page_justification(request: HttpRequest) -> str:
    """The purpose of access given on the form, while it lasts."""
    stored: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not stored or stored.get("until", 0) < timezone.now().timestamp():
        return ""
    return str(stored.get("reason", ""))


def safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def purpose_page(request: HttpRequest) -> HttpResponse:
    """Record why a force-wide user is reaching outside their BCU, for the audit log."""
    user = page_user(request)
    error = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        try:
            if len(reason) < 5:
                raise InvalidInput(
                    "reason: give a purpose of at least 5 characters", field="reason"
                )
        except InvalidInput as exc:
            error = exc.message
        else:
            until = timezone.now() + timedelta(minutes=settings.JUSTIFICATION_MINUTES)
            request.session[SESSION_KEY] = {"reason": reason, "until": until.timestamp()}
            return redirect(safe_next(request, request.POST.get("next")))
    context = {
        "error": error,
        "next": request.GET.get("next", "/"),
        "current": page_justification(request),
        "applies": user.role in JUSTIFIED_ROLES,
        "minutes": settings.JUSTIFICATION_MINUTES,
    }
    return render(request, "purpose.html", context, status=400 if error else 200)
