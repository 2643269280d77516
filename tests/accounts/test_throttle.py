"""Throttling by (account, address) pair, account and address: nobody else is locked out."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from foursight.accounts.models import LoginAttempt
from tests.conftest import World

GOOD = "correct-horse-battery"
STATION = "10.20.30.40"  # one address for a whole station behind NAT


def _token(username: str, password: str, address: str) -> tuple[int, dict[str, object], str]:
    response = Client().post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )
    return response.status_code, response.json(), response.get("Retry-After", "")


def _fail(username: str, address: str, times: int, ago: timedelta = timedelta(0)) -> None:
    at = timezone.now() - ago
    LoginAttempt.objects.bulk_create(
        [
            LoginAttempt(username=username, address=address, at=at, success=False)
            for _ in range(times)
        ]
    )


def test_twenty_failures_from_a_station_lock_out_nobody_else(world: World) -> None:
    for i in range(20):
        assert _token(f"guess{i % 4}", "wrong-password-x", STATION)[0] == 401
    assert _token("officer_cn", GOOD, STATION)[0] == 200
    assert _token("stac", GOOD, STATION)[0] == 200


def test_five_failures_do_not_lock_an_officer_out_everywhere(world: World) -> None:
    for _ in range(5):
        assert _token("officer_cn", "wrong-password-x", "203.0.113.9")[0] == 401
    status, body, retry = _token("officer_cn", GOOD, "203.0.113.9")
    assert status == 429 and body["error"]["code"] == "throttled"  # type: ignore[index]
    assert 800 < int(retry) <= 900, "the pair waits out the 15-minute window"
    assert _token("officer_cn", GOOD, STATION)[0] == 200, "from the station it still works"


def test_pair_frees_when_failures_leave_the_window(world: World) -> None:
    _fail("officer_cn", STATION, 5, ago=timedelta(minutes=16))
    assert _token("officer_cn", GOOD, STATION)[0] == 200


def test_success_resets_the_pair(world: World) -> None:
    _fail("officer_cn", STATION, 4)
    assert _token("officer_cn", GOOD, STATION)[0] == 200
    _fail("officer_cn", STATION, 4)
    assert _token("officer_cn", GOOD, STATION)[0] == 200


def test_account_guessed_from_many_addresses_slows_down(world: World) -> None:
    assert _token("officer_cn", GOOD, STATION)[0] == 200  # the station is familiar
    for i in range(10):
        _fail("officer_cn", f"198.51.100.{i}", 1)
    status, _, retry = _token("officer_cn", GOOD, "192.0.2.77")
    assert status == 429 and 0 < int(retry) <= 2, "a short delay, not a lockout"
    _fail("officer_cn", "198.51.100.200", 30)
    assert 0 < int(_token("officer_cn", GOOD, "192.0.2.77")[2]) <= 300, "the delay is capped"
    assert _token("officer_cn", GOOD, STATION)[0] == 200, "a familiar address is exempt"


def test_address_spraying_slows_strangers_not_regulars(world: World) -> None:
    assert _token("officer_cn", GOOD, STATION)[0] == 200
    for i in range(100):
        _fail(f"sprayed{i}", STATION, 1)
    assert _token("officer_cn", GOOD, STATION)[0] == 200
    status, _, retry = _token("officer_ne", GOOD, STATION)
    assert status == 429 and 0 < int(retry) <= 2
    LoginAttempt.objects.filter(address=STATION, success=False).update(
        at=timezone.now() - timedelta(minutes=20)
    )
    assert _token("officer_ne", GOOD, STATION)[0] == 200


@pytest.mark.parametrize("path", ["/login"])
def test_page_answers_429_with_retry_after(world: World, path: str) -> None:
    client = Client(REMOTE_ADDR=STATION)
    for _ in range(5):
        response = client.post(path, {"username": "advocate", "password": "wrong-password-x"})
        assert response.status_code == 401
    response = client.post(path, {"username": "advocate", "password": GOOD})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert b"Too many failed sign-ins" in response.content


def test_failed_attempts_are_recorded_lowercased(world: World) -> None:
    _token("Officer_CN", "wrong-password-x", STATION)
    assert LoginAttempt.objects.filter(username="officer_cn", success=False).count() == 1
