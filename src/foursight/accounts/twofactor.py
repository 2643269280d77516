"""The second factor: time-based one-time passwords (django-otp) and recovery codes.

Every user may enrol an authenticator app; admin, supervisor, STAC and offender-unit
users must when ``FOURSIGHT_REQUIRE_2FA`` is on (the default outside development).
Enrolling gives ten single-use recovery codes (django-otp's static device). Who has a
confirmed device is always asked for a code, whatever the setting.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from foursight.accounts.models import Role, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.errors import InvalidInput

SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.STAC, Role.OFFENDER_UNIT})
RECOVERY_CODES = 10
APP_NAME = "authenticator app"
RECOVERY_NAME = "recovery codes"


def required(user: User) -> bool:
    """Whether this user must use a second factor (their role, with enforcement on)."""
    return bool(settings.REQUIRE_2FA) and user.role in SECOND_FACTOR_ROLES


def enrolled(user: User) -> bool:
    """Whether the user has a confirmed authenticator app or recovery codes."""
    return bool(user_has_device(user, confirmed=True))


def has_app(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def match(user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (spaces ignored), or ``None``; a used code is spent."""
    token = "".join(code.split()).lower()
    if not token or len(token) > 16:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def pending_app(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (made on first call, the same after)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The app's setup link as an inline SVG QR code, drawn here (nothing fetched)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code"))


def confirm_app(user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it; return it and recovery codes.

    Any earlier authenticator is replaced. The recovery codes are shown once.
    """
    device = pending_app(user)
    token = "".join(code.split())
    with transaction.atomic():
        if not token.isdigit() or not device.verify_token(token):
            raise InvalidInput(
                "code: that code does not match; type the six digits your app shows now",
                field="code",
            )
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_codes(user)
        record(user, Verb.CREATED, "otp_device", device.pk, detail={"kind": "totp"})
    return device, codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working)."""
    with transaction.atomic():
        codes = _new_codes(user)
        record(user, Verb.UPDATED, "otp_device", detail={"kind": "recovery_codes"})
    return codes


def recovery_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def _new_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def remove_devices(user: User) -> int:
    """Delete every device of ``user`` (the caller audits and holds the transaction)."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
