"""Revocable tokens: logout, an administrator's revoke and deactivate, all audited."""

from __future__ import annotations

import json

from django.test import Client

from foursight.accounts.actions import issue_token
from foursight.accounts.models import ApiToken, User
from foursight.audit.models import AuditEntry
from tests.conftest import ROLES, World, make_user

ADMIN_ROUTES = ("revoke-tokens", "deactivate", "activate", "reset-2fa")


def _bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def _me(token: str) -> int:
    return _bearer(token).get("/api/v1/me").status_code


def test_logout_revokes_the_token_it_is_sent_with(world: World) -> None:
    user = world.users["officer_cn"]
    kept, dropped = issue_token(user), issue_token(user)
    response = _bearer(dropped).post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert _me(dropped) == 401
    assert _me(kept) == 200, "only the token sent is revoked"
    entry = AuditEntry.objects.filter(object_type="api_token").latest("seq")
    assert entry.actor == "officer_cn" and "logout" in entry.detail


def test_logout_needs_a_valid_token(world: World) -> None:
    assert Client().post("/api/v1/auth/logout").status_code == 401
    assert _bearer("forged").post("/api/v1/auth/logout").status_code == 401


def test_logout_for_every_role(world: World) -> None:
    for who in ROLES:
        token = issue_token(world.users[who])
        assert _bearer(token).post("/api/v1/auth/logout").status_code == 204, who
        assert _me(token) == 401, who


def test_only_admin_manages_users(world: World) -> None:
    make_user("target", "officer", "CN")
    for route in ADMIN_ROUTES:
        for who in ROLES:
            response = world.api(who).post(f"/api/v1/users/target/{route}")
            expected = 200 if who == "admin" else 403
            assert response.status_code == expected, (route, who, response.content)
    missing = world.api("admin").post("/api/v1/users/nobody/deactivate")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_admin_revokes_every_token_of_a_user(world: World) -> None:
    tokens = [issue_token(world.users["officer_ne"]) for _ in range(3)]
    other = issue_token(world.users["officer_cn"])
    response = world.api("admin").post("/api/v1/users/officer_ne/revoke-tokens")
    assert response.json() == {"username": "officer_ne", "active": True, "tokens_revoked": 3}
    assert [_me(t) for t in tokens] == [401, 401, 401]
    assert _me(other) == 200
    entry = AuditEntry.objects.latest("seq")
    assert (entry.actor, entry.action, entry.object_type) == ("admin", "updated", "user")
    assert json.loads(entry.detail) == {"tokens_revoked": 3}


def test_deactivated_user_tokens_sessions_and_password_stop(world: World) -> None:
    token = issue_token(world.users["officer_ne"])
    session = world.page("officer_ne")
    assert session.get("/").status_code == 200
    response = world.api("admin").post("/api/v1/users/officer_ne/deactivate")
    assert response.json() == {"username": "officer_ne", "active": False, "tokens_revoked": 1}
    assert _me(token) == 401
    assert session.get("/").status_code == 302, "the open session ends"
    login = Client().post(
        "/api/v1/auth/token",
        data=json.dumps({"username": "officer_ne", "password": "correct-horse-battery"}),
        content_type="application/json",
    )
    assert login.status_code == 401
    entry = AuditEntry.objects.filter(action="updated", object_type="user").latest("seq")
    assert json.loads(entry.detail) == {"is_active": False, "tokens_revoked": 1}
    back = world.api("admin").post("/api/v1/users/officer_ne/activate")
    assert back.json()["active"] is True
    assert _me(token) == 401, "revoked tokens stay revoked after reactivation"
    assert User.objects.get(username="officer_ne").is_active


def test_admin_cannot_deactivate_themselves(world: World) -> None:
    response = world.api("admin").post("/api/v1/users/admin/deactivate")
    assert response.status_code == 400 and response.json()["error"]["field"] == "username"
    assert User.objects.get(username="admin").is_active


def test_revoked_flag_is_what_stops_a_token(world: World) -> None:
    token = issue_token(world.users["stac"])
    ApiToken.objects.filter(user=world.users["stac"]).update(revoked=True)
    assert _me(token) == 401
