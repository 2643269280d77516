"""Password rules on every path that sets one, and the CLI never takes one as an argument."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from foursight import cli
from foursight.accounts.actions import issue_token, set_password
from foursight.accounts.models import User
from foursight.accounts.passwords import check_strength
from foursight.audit.models import AuditEntry
from foursight.cases import demo
from foursight.errors import InvalidInput
from tests.conftest import World

WEAK = {
    " " * 10: "blank",
    "1234567890": "entirely numeric",
    "password12": "too common",
    "short-7": "too short",
    "new.officer.cn": "too similar to the username",
}


def _create(world: World, password: str) -> dict[str, object]:
    body = {"username": "new.officer.cn", "role": "officer", "unit": "CN", "password": password}
    response = world.api("admin").post(
        "/api/v1/users", data=json.dumps(body), content_type="application/json"
    )
    return {"status": response.status_code, **response.json()}


@pytest.mark.parametrize("password", list(WEAK))
def test_api_refuses_weak_passwords(world: World, password: str) -> None:
    result = _create(world, password)
    assert result["status"] == 400
    error = result["error"]
    assert isinstance(error, dict) and error["field"] == "password"
    assert WEAK[password] in error["message"]
    assert not User.objects.filter(username="new.officer.cn").exists()


def test_api_accepts_a_good_password(world: World) -> None:
    assert _create(world, "violet-harbour-lantern")["status"] == 201


def _run(monkeypatch: pytest.MonkeyPatch, stdin: str, *argv: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(list(argv))


def test_cli_refuses_password_argument(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as exited:
        _run(monkeypatch, "", "user", "create", "x.y", "--role", "officer", "--unit", "CN",
             "--password", "violet-harbour-lantern")  # fmt: skip
    assert exited.value.code == 2
    assert "process list" in capsys.readouterr().err
    assert not User.objects.filter(username="x.y").exists()


def test_cli_create_from_stdin_checks_strength(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("user", "create", "x.y", "--role", "officer", "--unit", "CN", "--password-stdin")
    assert _run(monkeypatch, "1234567890\n", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("foursight: password:") and "entirely numeric" in err
    assert err.count("\n") == 1
    assert _run(monkeypatch, "violet harbour lantern\n", *args) == 0
    user = User.objects.get(username="x.y")
    assert user.check_password("violet harbour lantern"), "inner spaces are kept"


def test_cli_prompt_asks_twice(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["violet-harbour-lantern", "violet-harbour-lanterm"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert _run(monkeypatch, "", "user", "set-password", "officer_cn") == 2
    assert "differ" in capsys.readouterr().err
    assert world.users["officer_cn"].check_password("correct-horse-battery")


def test_cli_set_password_ends_tokens_and_sessions(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = issue_token(world.users["officer_cn"])
    session = world.page("officer_cn")
    assert _run(monkeypatch, "officer_cn\n", "user", "set-password", "officer_cn",
                "--password-stdin") == 2  # fmt: skip
    assert "too similar to the username" in capsys.readouterr().err
    assert _run(monkeypatch, "saffron-kettle-drum\n", "user", "set-password", "officer_cn",
                "--password-stdin") == 0  # fmt: skip
    assert User.objects.get(username="officer_cn").check_password("saffron-kettle-drum")
    assert session.get("/").status_code == 302
    me = world.api("officer_ne").get("/api/v1/me")
    assert me.status_code == 200
    stale = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me")
    assert stale.status_code == 401
    entry = AuditEntry.objects.filter(object_type="user").latest("seq")
    assert (entry.actor, entry.object_type) == ("system", "user") and "changed" in entry.detail


def test_cli_deactivate_revoke_and_reset(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    issue_token(world.users["stac"])
    assert _run(monkeypatch, "", "user", "revoke-tokens", "stac") == 0
    assert "revoked 1 tokens of stac" in capsys.readouterr().out
    assert _run(monkeypatch, "", "user", "deactivate", "stac") == 0
    assert not User.objects.get(username="stac").is_active
    assert _run(monkeypatch, "", "user", "activate", "stac") == 0
    assert User.objects.get(username="stac").is_active
    assert _run(monkeypatch, "", "user", "reset-2fa", "stac") == 0
    assert _run(monkeypatch, "", "user", "deactivate", "nobody") == 2
    assert "No such user" in capsys.readouterr().err


def test_set_password_action_refuses_weak(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        set_password(None, "officer_cn", " " * 12)
    assert refused.value.field == "password" and "blank" in refused.value.message


def test_demo_password_is_checked_and_the_default_passes(db: None) -> None:
    with pytest.raises(InvalidInput, match="entirely numeric"):
        demo.load(password="1234567890")
    for name, _, _ in demo.demo_accounts():
        check_strength(demo.DEFAULT_PASSWORD, User(username=name, email=f"{name}@demo.invalid"))


def test_page_changes_own_password_with_the_same_rules(world: World) -> None:
    client = world.page("advocate")
    token = issue_token(world.users["advocate"])
    form = {"current": "correct-horse-battery", "new": "password12", "repeat": "password12"}
    weak = client.post("/account/password", form)
    assert weak.status_code == 400 and b"too common" in weak.content
    wrong = client.post("/account/password", {**form, "current": "not-my-password"})
    assert wrong.status_code == 400 and b"not your current password" in wrong.content
    good = {**form, "new": "amber-orchard-sextant", "repeat": "amber-orchard-sextant"}
    assert client.post("/account/password", good).status_code == 200
    assert User.objects.get(username="advocate").check_password("amber-orchard-sextant")
    assert client.get("/").status_code == 200, "this session stays signed in"
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me").status_code == 401
