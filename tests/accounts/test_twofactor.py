"""The second factor: enrolment at sign-in, codes, recovery codes, the API's otp, resets."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from foursight.accounts import twofactor
from foursight.accounts.models import User
from foursight.audit.models import AuditEntry
from tests.conftest import ROLES, World

GOOD = "correct-horse-battery"


@pytest.fixture
def enforced(settings: Any) -> None:
    settings.REQUIRE_2FA = True


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows (``steps_ahead``: the next 30-second steps, for reuse)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _password(client: Client, username: str) -> Any:
    return client.post("/login", {"username": username, "password": GOOD, "next": "/reports"})


def enrol(world: World, who: str) -> tuple[TOTPDevice, list[str]]:
    device = twofactor.pending_app(world.users[who])
    return twofactor.confirm_app(world.users[who], code(device))


def _token(username: str, otp: str | None = None) -> Any:
    body = {"username": username, "password": GOOD}
    if otp is not None:
        body["otp"] = otp
    return Client().post(
        "/api/v1/auth/token", data=json.dumps(body), content_type="application/json"
    )


def test_required_role_enrols_at_first_sign_in(world: World, enforced: None) -> None:
    client = Client()
    response = _password(client, "supervisor_cn")
    assert response.status_code == 302 and response["Location"] == "/login/setup"
    assert client.get("/").status_code == 302, "not signed in before the second factor"
    setup = client.get("/login/setup")
    assert setup.status_code == 200 and b"<svg" in setup.content
    assert b"<script" not in setup.content.split(b"</head>")[1] and b"style=" not in setup.content
    key = re.search(rb"<code>([A-Z2-7 ]+)</code>", setup.content)
    assert key is not None
    device = TOTPDevice.objects.get(user=world.users["supervisor_cn"], confirmed=False)
    assert twofactor.secret_text(device).encode() == key.group(1)
    wrong = client.post("/login/setup", {"code": "000000" if code(device) != "000000" else "1"})
    assert wrong.status_code == 400 and b"does not match" in wrong.content
    done = client.post("/login/setup", {"code": code(device)})
    assert done.status_code == 200
    codes = re.findall(rb"<li><code>([a-z2-7]{8})</code></li>", done.content)
    assert len(codes) == 10 and b'href="/reports"' in done.content
    assert client.get("/").status_code == 200
    assert client.get("/account/two-factor").status_code == 200
    factor = json.loads(AuditEntry.objects.filter(action="signed_in").latest("seq").detail)
    assert factor["factor"] == "totp"
    assert AuditEntry.objects.filter(object_type="otp_device", action="created").exists()


def test_code_page_after_password_and_no_reuse(world: World) -> None:
    device, _ = enrol(world, "officer_cn")  # optional for officers, asked once set up
    client = Client()
    assert _password(client, "officer_cn")["Location"] == "/login/code"
    assert client.get("/").status_code == 302
    assert client.get("/login/code").status_code == 200
    bad = client.post("/login/code", {"code": "12345"})
    assert bad.status_code == 401 and b"wrong or already used" in bad.content
    good = client.post("/login/code", {"code": code(device, 1)})
    assert good.status_code == 302 and good["Location"] == "/reports"
    assert client.get("/").status_code == 200
    again = Client()
    _password(again, "officer_cn")
    assert again.post("/login/code", {"code": code(device, 1)}).status_code == 401


def test_recovery_code_works_once(world: World, enforced: None) -> None:
    _, codes = enrol(world, "stac")
    client = Client()
    _password(client, "stac")
    assert client.post("/login/code", {"code": codes[0].upper()}).status_code == 302
    entry = AuditEntry.objects.filter(action="signed_in").latest("seq")
    assert json.loads(entry.detail)["factor"] == "recovery_code"
    other = Client()
    _password(other, "stac")
    assert other.post("/login/code", {"code": codes[0]}).status_code == 401
    assert twofactor.recovery_left(world.users["stac"]) == 9


def test_code_page_without_password_step_goes_to_login(world: World) -> None:
    assert Client().get("/login/code")["Location"] == "/login"
    assert Client().post("/login/setup", {"code": "123456"})["Location"] == "/login"


def test_api_token_takes_the_code_as_otp(world: World, enforced: None) -> None:
    missing = _token("pou")
    assert missing.status_code == 401 and "set up" in missing.json()["error"]["message"]
    device, codes = enrol(world, "pou")
    asked = _token("pou")
    assert asked.status_code == 401
    assert asked.json()["error"] == {
        "code": "otp_required",
        "message": "otp: send the six-digit code from your authenticator app (or a recovery code)",
        "field": "otp",
    }
    assert _token("pou", "000001").status_code == 401
    assert _token("pou", code(device, 1)).status_code == 200
    assert _token("pou", codes[1]).status_code == 200
    assert _token("officer_cn").status_code == 200, "optional roles need no code"


def test_development_lets_required_roles_in_with_a_password(world: World) -> None:
    assert _token("admin").status_code == 200
    client = Client()
    assert _password(client, "admin")["Location"] == "/reports"


def test_unverified_sessions_of_required_roles_end(world: World, enforced: None) -> None:
    for who in ROLES:
        expected = 302 if twofactor.required(world.users[who]) else 200
        assert world.page(who).get("/").status_code == expected, who


def test_account_page_for_every_role(world: World) -> None:
    for who in ROLES:
        page = world.page(who).get("/account/two-factor")
        assert page.status_code == 200 and b"not set up" in page.content, who
        setup = world.page(who).get("/login/setup")
        assert setup.status_code == 200 and b"<svg" in setup.content
    assert Client().get("/account/two-factor")["Location"].startswith("/login")


def test_voluntary_enrolment_and_new_recovery_codes(world: World) -> None:
    client = world.page("advocate")
    client.get("/login/setup")
    device = TOTPDevice.objects.get(user=world.users["advocate"], confirmed=False)
    assert client.post("/login/setup", {"code": code(device)}).status_code == 200
    old = set(StaticToken.objects.values_list("token", flat=True))
    fresh = client.post("/account/two-factor")
    assert fresh.status_code == 200
    new = set(re.findall(r"<code>([a-z2-7]{8})</code>", fresh.content.decode()))
    assert len(new) == 10 and not new & old
    assert set(StaticToken.objects.values_list("token", flat=True)) == new


def test_admin_resets_devices(world: World, enforced: None) -> None:
    enrol(world, "supervisor_cn")
    for who in ROLES:
        if who != "admin":
            denied = world.api(who).post("/api/v1/users/supervisor_cn/reset-2fa")
            assert denied.status_code == 403
    response = world.api("admin").post("/api/v1/users/supervisor_cn/reset-2fa")
    assert response.json() == {"username": "supervisor_cn", "devices_removed": 2}
    assert not twofactor.enrolled(User.objects.get(username="supervisor_cn"))
    entry = AuditEntry.objects.latest("seq")
    assert (entry.actor, entry.action, entry.object_type) == ("admin", "deleted", "otp_device")
    assert _password(Client(), "supervisor_cn")["Location"] == "/login/setup"


def test_wrong_codes_count_towards_the_throttle(world: World, enforced: None) -> None:
    enrol(world, "admin")
    for _ in range(5):
        assert _token("admin", "999999x").status_code == 401
    throttled = _token("admin", "999999x")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0


def test_password_alone_cannot_replace_an_enrolled_app(world: World) -> None:
    device, _ = enrol(world, "officer_ne")
    client = Client()
    assert _password(client, "officer_ne")["Location"] == "/login/code"
    assert client.get("/login/setup")["Location"] == "/login/code"
    assert client.post("/login/setup", {"code": "123456"})["Location"] == "/login/code"
    assert client.get("/").status_code == 302
    assert TOTPDevice.objects.get(user=world.users["officer_ne"]).pk == device.pk
    unverified = world.page("officer_ne")  # a session from before the app was set up
    assert unverified.get("/login/setup").status_code == 403
    assert unverified.post("/account/two-factor").status_code == 403


def test_code_page_sends_the_unenrolled_to_setup(world: World, enforced: None) -> None:
    client = Client()
    _password(client, "admin")
    assert client.get("/login/code")["Location"] == "/login/setup"
