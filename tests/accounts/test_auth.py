"""Login and tokens: wrong passwords look like unknown users, and failures are throttled."""

from __future__ import annotations

import json

from django.test import Client

from foursight.accounts.models import LoginAttempt
from tests.conftest import World


def _token(username: str, password: str) -> tuple[int, dict[str, object]]:
    response = Client().post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_token_then_bearer_calls(world: World) -> None:
    status, body = _token("officer_cn", "correct-horse-battery")
    assert status == 200
    me = Client(headers={"Authorization": f"Bearer {body['token']}"}).get("/api/v1/me")
    assert me.json() == {"username": "officer_cn", "role": "officer", "unit": "CN"}


def test_wrong_password_same_as_unknown_user(world: World) -> None:
    wrong = _token("officer_cn", "nope-nope-nope")
    unknown = _token("nobody", "nope-nope-nope")
    assert wrong == unknown
    assert wrong[0] == 401 and wrong[1]["error"]["message"] == "Wrong user name or password."


def test_repeated_failures_are_throttled(world: World, settings: object) -> None:
    for _ in range(5):
        assert _token("officer_cn", "bad-password-x")[0] == 401
    status, body = _token("officer_cn", "correct-horse-battery")
    assert status == 429 and body["error"]["code"] == "throttled"
    assert LoginAttempt.objects.filter(username="officer_cn", success=False).count() == 5


def test_no_token_and_bad_token(world: World) -> None:
    assert Client().get("/api/v1/reports").status_code == 401
    bad = Client(headers={"Authorization": "Bearer forged"}).get("/api/v1/reports")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "not_authenticated"


def test_page_login_and_throttle(world: World) -> None:
    client = Client()
    response = client.post(
        "/login", {"username": "officer_cn", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    other = Client()
    response = other.post("/login", {"username": "officer_cn", "password": "wrong"})
    assert response.status_code == 401 and b"Wrong user name or password." in response.content


def test_openapi_document(world: World) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    for path in (
        "/api/v1/persons",
        "/api/v1/reports",
        "/api/v1/reports/{report_id}",
        "/api/v1/auth/token",
        "/api/v1/auth/logout",
        "/api/v1/users/{username}/deactivate",
        "/api/v1/reports/{report_id}/occasions",
        "/api/v1/reports/{report_id}/outcome",
        "/api/v1/persons/{person_id}",
    ):
        assert path in paths
