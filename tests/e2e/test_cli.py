"""The real `foursight` command: errors are one line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import cli_env, run_cli

pytestmark = pytest.mark.e2e


def test_cli_round_trip(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    assert run_cli(env, "migrate").returncode == 0
    created = run_cli(
        env,
        "user",
        "create",
        "officer.x",
        "--role",
        "officer",
        "--unit",
        "CN",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    assert created.returncode == 0 and "created officer.x (officer, CN)" in created.stdout
    bad = run_cli(
        env,
        "user",
        "create",
        "officer.y",
        "--role",
        "wizard",
        "--unit",
        "CN",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and bad.stderr.startswith(
        "foursight: role: expected one of"
    )
    weak = run_cli(
        env, "user", "set-password", "officer.x", "--password-stdin", stdin="1234567890\n"
    )
    assert weak.returncode == 2 and "entirely numeric" in weak.stderr
    shown = run_cli(env, "user", "set-password", "officer.x", "--password", "long-enough-pw2")
    assert shown.returncode == 2 and "process list" in shown.stderr
    assert run_cli(env, "user", "deactivate", "officer.x").returncode == 0
    verify = run_cli(env, "audit", "verify")
    assert verify.returncode == 0 and "audit chain intact: 2 entries" in verify.stdout
    again = run_cli(env, "demo")
    assert again.returncode == 0 and "officer.cn" in again.stdout
    twice = run_cli(env, "demo")
    assert twice.returncode == 2 and "already holds reports" in twice.stderr
    assert run_cli(env, "demo", "--if-empty").returncode == 0
