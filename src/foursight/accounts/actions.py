"""State changes for accounts: users, sign-in (password, throttling, second factor)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from foursight.accounts import throttle, twofactor
from foursight.accounts.models import ApiToken, Role, Unit, User
from foursight.accounts.passwords import check_strength
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.errors import InvalidInput, NotAuthenticated, NotFound, SecondFactorRequired

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
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"username: {username!r} is taken", field="username")
    check_strength(password, User(username=username, email=email))
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, email=email, password=password, role=role, unit=unit
        )
        record(
            actor,
            Verb.CREATED,
            "user",
            user.pk,
            detail={"username": username, "role": role, "unit": unit_code},
        )
    return user


def login(username: str, password: str, address: str, *, otp: str | None = None) -> User:
    """Check a user name and password (and, with ``otp`` given or needed, a one-time code).

    Unknown users and wrong passwords look the same. Throttling (accounts/throttle.py)
    applies before anything is checked. ``otp=None`` is the pages' first step: the caller
    then asks :func:`second_step` what comes next. Otherwise (the API) an account with a
    device must send its code, and one that must have a device and has none is refused.
    """
    with transaction.atomic():
        throttle.check(username, address)
        user = authenticate(username=username, password=password)
        ok = isinstance(user, User) and user.is_active
        if not ok:
            throttle.note(username, address, success=False)
    if not ok:
        with transaction.atomic():
            record(
                None, Verb.SIGN_IN_FAILED, "user", detail={"username": username, "address": address}
            )
        raise NotAuthenticated(BAD_LOGIN)
    assert isinstance(user, User)
    if otp is None:
        return user
    step = second_step(user)
    if step == "setup":
        raise NotAuthenticated(
            "Your role needs a second factor: sign in on the Foursight pages once to set up "
            "an authenticator app, then send its code as otp."
        )
    factor = "password"
    if step == "code":
        if not otp.strip():
            raise SecondFactorRequired(
                "otp: send the six-digit code from your authenticator app (or a recovery code)",
                field="otp",
            )
        factor = factor_name(check_code(user, otp, address))
    finish_login(user, address, factor)
    return user


def second_step(user: User) -> str:
    """What sign-in needs after the password: ``code``, ``setup`` or ``""`` (nothing)."""
    if twofactor.enrolled(user):
        return "code"
    return "setup" if twofactor.required(user) else ""


def check_code(user: User, code: str, address: str) -> Device:
    """Check a one-time or recovery code; a wrong one counts as a failed sign-in.

    Returns the device that took it (:func:`factor_name` names it for the audit entry).
    """
    with transaction.atomic():
        throttle.check(user.username, address)
        device = twofactor.match(user, code)
        if device is None:
            throttle.note(user.username, address, success=False)
    if device is None:
        with transaction.atomic():
            record(
                None,
                Verb.SIGN_IN_FAILED,
                "user",
                user.pk,
                detail={"username": user.username, "address": address, "step": "code"},
            )
        raise NotAuthenticated("code: wrong or already used code", field="code")
    return device


def factor_name(device: Device) -> str:
    return "recovery_code" if isinstance(device, StaticDevice) else "totp"


def finish_login(user: User, address: str, factor: str) -> None:
    """Record a complete sign-in: the attempt (its address becomes familiar) and the audit."""
    with transaction.atomic():
        throttle.note(user.username, address, success=True)
        record(user, Verb.SIGNED_IN, "user", user.pk, detail={"address": address, "factor": factor})


def issue_token(user: User) -> str:
    """A new bearer token for ``user``; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        issued = ApiToken.objects.create(
            user=user,
            digest=_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=settings.TOKEN_TTL_HOURS),
        )
        record(user, Verb.CREATED, "api_token", issued.pk, detail={"expires_at": issued.expires_at})
    return token


def user_for_token(token: str) -> User | None:
    digest = _digest(token)
    found = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(digest=digest, revoked=False, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return found.user if found else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def revoke_token(user: User, token: str) -> None:
    """Sign out of the API: the bearer token sent stops working at once."""
    with transaction.atomic():
        found = ApiToken.objects.filter(digest=_digest(token), user=user, revoked=False)
        ids = list(found.values_list("pk", flat=True))
        found.update(revoked=True)
        record(user, Verb.UPDATED, "api_token", ids[0] if ids else "", detail={"revoked": "logout"})


def user_named(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound("user")
    return user


def revoke_tokens(actor: User | None, username: str) -> tuple[User, int]:
    """Revoke every live API token of a user; returns the user and how many."""
    user = user_named(username)
    with transaction.atomic():
        count = _revoke_all(user)
        record(actor, Verb.UPDATED, "user", user.pk, detail={"tokens_revoked": count})
    return user, count


def _revoke_all(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)


def set_active(actor: User | None, username: str, *, active: bool) -> tuple[User, int]:
    """Deactivate a user (their tokens are revoked, their sessions stop) or reactivate them.

    An inactive user cannot sign in; Django's session check drops their open sessions on
    the next request, and every token is revoked now, so none returns on reactivation.
    """
    user = user_named(username)
    if actor is not None and actor.pk == user.pk and not active:
        raise InvalidInput("username: you cannot deactivate yourself", field="username")
    with transaction.atomic():
        revoked = 0 if active else _revoke_all(user)
        User.objects.filter(pk=user.pk).update(is_active=active)
        record(
            actor,
            Verb.UPDATED,
            "user",
            user.pk,
            detail={"is_active": active, "tokens_revoked": revoked},
        )
    user.refresh_from_db()
    return user, revoked


def set_password(actor: User | None, username: str, password: str) -> User:
    """Set a new password (checked by the validators); the user's tokens and sessions end."""
    user = user_named(username)
    check_strength(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        revoked = _revoke_all(user)
        record(
            actor,
            Verb.UPDATED,
            "user",
            user.pk,
            detail={"password": "changed", "tokens_revoked": revoked},
        )
    return user


def reset_second_factor(actor: User | None, username: str) -> int:
    """Remove a user's authenticator and recovery codes (a lost phone); they enrol again.

    Their tokens are revoked too, as whoever holds the phone may hold a token.
    """
    user = user_named(username)
    with transaction.atomic():
        removed = twofactor.remove_devices(user)
        revoked = _revoke_all(user)
        record(
            actor,
            Verb.DELETED,
            "otp_device",
            user.pk,
            detail={"username": user.username, "devices": removed, "tokens_revoked": revoked},
        )
    return removed


def change_own_password(user: User, current: str, new: str, repeat: str, address: str) -> None:
    """A signed-in user changes their password; a wrong current one counts as a failure.

    Their API tokens are revoked; the caller keeps the current page session signed in.
    """
    with transaction.atomic():
        throttle.check(user.username, address)
        if not user.check_password(current):
            throttle.note(user.username, address, success=False)
            ok = False
        else:
            ok = True
    if not ok:
        raise InvalidInput("current: that is not your current password", field="current")
    if new != repeat:
        raise InvalidInput("repeat: the two new passwords differ", field="repeat")
    check_strength(new, user)
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        revoked = _revoke_all(user)
        record(
            user,
            Verb.UPDATED,
            "user",
            user.pk,
            detail={"password": "changed", "tokens_revoked": revoked},
        )
