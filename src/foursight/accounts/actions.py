"""State changes for accounts: users, login throttling and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import ApiToken, LoginAttempt, Role, Unit, User
from foursight.audit.actions import record
from foursight.errors import InvalidInput, NotAuthenticated, Throttled

BAD_LOGIN = "Wrong user name or password."


def create_user(
    actor: User | None, username: str, *, role: str, unit_code: str, password: str, email: str = ""
) -> User:
    """Create a user with a role and a home unit (a BCU, or the force for force-wide roles)."""
    if role not in Role.values:
        raise InvalidInput(f"role: expected one of {', '.join(Role.values)}", field="role")
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise InvalidInput(f"unit: unknown unit {unit_code!r}", field="unit")
    if role in (Role.OFFICER, Role.SUPERVISOR) and unit.kind != Unit.Kind.BCU:
        raise InvalidInput("unit: an officer or supervisor belongs to a BCU", field="unit")
    if len(password) < 10:
        raise InvalidInput("password: at least 10 characters", field="password")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"username: {username!r} is taken", field="username")
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, email=email, password=password, role=role, unit=unit
        )
        record(
            actor,
            "create",
            "user",
            user.pk,
            detail={"username": username, "role": role, "unit": unit_code},
        )
    return user


def _throttled(username: str, address: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginAttempt.objects.filter(at__gte=since, success=False)
    limit = settings.LOGIN_MAX_FAILURES
    return (
        recent.filter(username=username.lower()).count() >= limit
        or recent.filter(address=address).count() >= limit * 4
    )


def login(username: str, password: str, address: str) -> User:
    """Check a user name and password; unknown users and wrong passwords look the same.

    After ``FOURSIGHT_LOGIN_MAX_FAILURES`` failures in the lockout window for a user name
    (or four times that from one address) further attempts are refused without checking.
    """
    with transaction.atomic():
        if _throttled(username, address):
            raise Throttled("Too many failed logins: wait a few minutes and try again.")
        user = authenticate(username=username, password=password)
        ok = isinstance(user, User) and user.is_active
        LoginAttempt.objects.create(
            username=username.lower(), address=address, at=timezone.now(), success=ok
        )
    if not ok:
        with transaction.atomic():
            record(None, "login_failed", "user", detail={"username": username, "address": address})
        raise NotAuthenticated(BAD_LOGIN)
    assert isinstance(user, User)
    with transaction.atomic():
        record(user, "login", "user", user.pk, detail={"address": address})
    return user


def issue_token(user: User) -> str:
    """A new bearer token for ``user``; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    ApiToken.objects.create(
        user=user,
        digest=hashlib.sha256(token.encode()).hexdigest(),
        created_at=now,
        expires_at=now + timedelta(hours=settings.TOKEN_TTL_HOURS),
    )
    return token


def user_for_token(token: str) -> User | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    found = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(digest=digest, revoked=False, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return found.user if found else None
