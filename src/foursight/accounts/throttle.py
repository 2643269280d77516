"""Sign-in throttling that slows guessing without locking other people out.

Three counters over the window ``FOURSIGHT_LOGIN_LOCKOUT_MINUTES`` (failed passwords and
failed one-time codes both count):

* **pair** (user name, address), tight: after ``FOURSIGHT_LOGIN_MAX_FAILURES`` failures
  since the pair's last success, that pair waits until the oldest of them leaves the
  window. Someone guessing at one officer from one place is stopped; the officer signing
  in from anywhere else, and everyone else at that place, is not.
* **account** (user name from any address), loose: from ``FOURSIGHT_LOGIN_ACCOUNT_FAILURES``
  failures on, each attempt waits 2, 4, 8 ... seconds (at most
  ``FOURSIGHT_LOGIN_MAX_DELAY_SECONDS``) after the last failure. Guessing spread over
  many addresses slows down; the officer is delayed at most that long, never locked out.
* **address** (any user name from one address), loose: from
  ``FOURSIGHT_LOGIN_ADDRESS_FAILURES`` failures on, the same increasing delay.

A user who has signed in successfully from an address within :data:`KNOWN_DAYS` is
exempt from the account and address delays there: one attacker behind a station's NAT
or a reverse proxy cannot stop the officers who work behind it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from foursight.accounts.models import LoginAttempt
from foursight.errors import Throttled

#: Days a successful sign-in makes an address familiar for that user.
KNOWN_DAYS = 30


def normal(username: str) -> str:
    return username.strip().lower()


def note(username: str, address: str, *, success: bool) -> None:
    """Record one attempt (the caller's transaction)."""
    LoginAttempt.objects.create(
        username=normal(username), address=address[:64], at=timezone.now(), success=success
    )


def check(username: str, address: str) -> None:
    """Raise :class:`Throttled` with the seconds to wait when this attempt must wait."""
    now = timezone.now()
    name = normal(username)
    since = now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    failures = LoginAttempt.objects.filter(success=False, at__gte=since)
    wait = _pair_wait(failures, name, address, now)
    if wait:
        raise Throttled(
            "Too many failed sign-ins for this user name from here: "
            f"try again in {_minutes(wait)}, or ask an administrator.",
            retry_after=wait,
        )
    if _familiar(name, address, now):
        return
    for count, limit in (
        (failures.filter(username=name), settings.LOGIN_ACCOUNT_FAILURES),
        (failures.filter(address=address), settings.LOGIN_ADDRESS_FAILURES),
    ):
        wait = _delay_wait(count, limit, now)
        if wait:
            raise Throttled(
                f"Too many failed sign-ins: try again in {wait} seconds.", retry_after=wait
            )


def _pair_wait(failures: QuerySet[LoginAttempt], name: str, address: str, now: datetime) -> int:
    limit = settings.LOGIN_MAX_FAILURES
    pair = failures.filter(username=name, address=address)
    last_success = (
        LoginAttempt.objects.filter(username=name, address=address, success=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if last_success is not None:
        pair = pair.filter(at__gt=last_success)
    recent = list(pair.order_by("-at").values_list("at", flat=True)[:limit])
    if len(recent) < limit:
        return 0
    frees_at = recent[-1] + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return _seconds(frees_at - now)


def _delay_wait(failures: QuerySet[LoginAttempt], limit: int, now: datetime) -> int:
    count = failures.count()
    if count < limit:
        return 0
    last = failures.order_by("-at").values_list("at", flat=True).first()
    if last is None:
        return 0
    delay = min(settings.LOGIN_MAX_DELAY_SECONDS, 2 ** min(count - limit + 1, 30))
    return _seconds(last + timedelta(seconds=delay) - now)


def _familiar(name: str, address: str, now: datetime) -> bool:
    return LoginAttempt.objects.filter(
        username=name,
        address=address,
        success=True,
        at__gte=now - timedelta(days=KNOWN_DAYS),
    ).exists()


def _seconds(left: timedelta) -> int:
    seconds = left.total_seconds()
    return math.ceil(seconds) if seconds > 0 else 0


def _minutes(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
