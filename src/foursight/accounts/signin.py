"""Pages: sign in (password, then a one-time code or first enrolment), sign out, two-factor.

After a right password the user is not yet signed in: the session holds only who is
half-way (``PENDING``, for :data:`PENDING_SECONDS`) until the code is checked or, for a
role that must have a second factor and has none, until an authenticator is enrolled.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib.auth import login as session_login
from django.contrib.auth import logout as session_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.models import Device

from foursight.accounts import actions, twofactor
from foursight.accounts.models import User
from foursight.accounts.views import page_user, safe_next
from foursight.errors import Forbidden, FoursightError, InvalidInput, Throttled

PENDING = "signin_pending"
PENDING_SECONDS = 300
BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], error: FoursightError | None
) -> HttpResponse:
    context["error"] = error.message if error else ""
    response = render(request, template, context, status=error.status if error else 200)
    if isinstance(error, Throttled):
        response["Retry-After"] = str(error.retry_after)
    return response


def _pending(request: HttpRequest) -> User | None:
    held: dict[str, Any] | None = request.session.get(PENDING)
    if not held or held.get("until", 0) < timezone.now().timestamp():
        return None
    return User.objects.filter(pk=int(held.get("user") or 0), is_active=True).first()


def _finish(request: HttpRequest, user: User, device: Device | None) -> None:
    """Sign the session in, verified by ``device`` when one was used."""
    factor = actions.factor_name(device) if device is not None else "password"
    actions.finish_login(user, client_address(request), factor)
    request.session.pop(PENDING, None)
    session_login(request, user, backend=BACKEND)
    if device is not None:
        django_otp.login(request, device)


def _require_verified(user: User) -> None:
    """A user with a second factor changes it only from a session verified with it."""
    if twofactor.enrolled(user) and not user.is_verified():  # type: ignore[attr-defined]
        raise Forbidden(
            "Sign out and sign in again with your code before changing your second factor."
        )


@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    target = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    error: FoursightError | None = None
    if request.method == "POST":
        try:
            user = actions.login(
                request.POST.get("username", ""),
                request.POST.get("password", ""),
                client_address(request),
            )
        except FoursightError as exc:
            error = exc
        else:
            step = actions.second_step(user)
            if not step:
                _finish(request, user, None)
                return redirect(target)
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "until": timezone.now().timestamp() + PENDING_SECONDS,
                "next": target,
            }
            return redirect("/login/code" if step == "code" else "/login/setup")
    return _page(request, "login.html", {"next": request.GET.get("next", "")}, error)


@require_http_methods(["GET", "POST"])
def code_page(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or one recovery code."""
    user = _pending(request)
    if user is None:
        return redirect("/login")
    if not twofactor.enrolled(user):
        return redirect("/login/setup")
    error: FoursightError | None = None
    if request.method == "POST":
        try:
            device = actions.check_code(user, request.POST.get("code", ""), client_address(request))
        except FoursightError as exc:
            error = exc
        else:
            target = str(request.session[PENDING].get("next") or "/")
            _finish(request, user, device)
            return redirect(target)
    return _page(request, "accounts/code.html", {}, error)


@require_http_methods(["GET", "POST"])
def setup_page(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: at first sign-in (when required) or from the account.

    Half-way through sign-in only an account with no second factor may enrol (else the
    password alone would replace the user's app); a signed-in user who has one changes it
    only from a session verified with it.
    """
    pending = _pending(request)
    if pending is not None and twofactor.enrolled(pending):
        return redirect("/login/code")
    user = pending or (request.user if isinstance(request.user, User) else None)
    if user is None:
        return redirect("/login")
    if pending is None:
        _require_verified(user)
    error: FoursightError | None = None
    if request.method == "POST":
        try:
            device, codes = twofactor.confirm_app(user, request.POST.get("code", ""))
        except InvalidInput as exc:
            error = exc
        else:
            if pending is not None:
                target = str(request.session[PENDING].get("next") or "/")
                _finish(request, user, device)
            else:
                django_otp.login(request, device)
                target = "/account/two-factor"
            return render(request, "accounts/recovery.html", {"codes": codes, "next": target})
    device = twofactor.pending_app(user)
    context = {
        "qr": twofactor.qr_svg(device),
        "secret": twofactor.secret_text(device),
        "first": pending is not None,
        "required": twofactor.required(user),
    }
    return _page(request, "accounts/setup.html", context, error)


@login_required
@require_http_methods(["GET", "POST"])
def account_page(request: HttpRequest) -> HttpResponse:
    """The user's sign-in security: authenticator status and new recovery codes."""
    user = page_user(request)
    if request.method == "POST":
        if not twofactor.has_app(user):
            return redirect("/login/setup")
        _require_verified(user)
        codes = twofactor.new_recovery_codes(user)
        return render(
            request, "accounts/recovery.html", {"codes": codes, "next": "/account/two-factor"}
        )
    context = {
        "has_app": twofactor.has_app(user),
        "left": twofactor.recovery_left(user),
        "required": twofactor.required(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def password_page(request: HttpRequest) -> HttpResponse:
    """Change one's own password (the validators apply); this session stays signed in."""
    user = page_user(request)
    error: FoursightError | None = None
    if request.method == "POST":
        try:
            actions.change_own_password(
                user,
                request.POST.get("current", ""),
                request.POST.get("new", ""),
                request.POST.get("repeat", ""),
                client_address(request),
            )
        except FoursightError as exc:
            error = exc
        else:
            update_session_auth_hash(request, user)
            return render(request, "accounts/password.html", {"done": True})
    return _page(request, "accounts/password.html", {"done": False}, error)


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    session_logout(request)
    return redirect("/login")
