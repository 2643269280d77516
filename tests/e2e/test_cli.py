"""The real `foursight` command: errors are one line and a non-zero exit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import cli_env, run_cli

pytestmark = pytest.mark.e2e


def test_cli_round_trip(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    migrated = run_cli(env, "migrate")
    assert migrated.returncode == 0
    # each app is named as its migrations start, so a first run is never silent
    assert "applying" in migrated.stdout and "database: migrating accounts ..." in migrated.stdout
    assert "database ready:" in migrated.stdout
    assert "(up to date)" in run_cli(env, "migrate").stdout
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
    again = run_cli(env, "demo", "--url", "http://127.0.0.1:8123")
    assert again.returncode == 0
    assert_demo_guide(again.stdout)
    # every step says what it does as it starts, and what it made with its counts
    for step in (
        "demo: units: 12 BCUs (Basic Command Units) and 32 boroughs",
        "demo: generating 2000 synthetic reports",
        "demo: accounts: 29",
        "demo: people: 2000 victims and 2000 suspects",
        "demo: reports: 2000",
        "demo evidence: importing phone evidence",
        "demo offenders: linking suspects",
        "demo: done (",
    ):
        assert step in again.stdout, step
    assert again.stdout.index("demo evidence: importing") < again.stdout.index("exhibits")
    twice = run_cli(env, "demo")
    assert twice.returncode == 2 and "already holds reports" in twice.stderr
    kept = run_cli(env, "demo", "--if-empty", "--url", "http://127.0.0.1:8123")
    assert kept.returncode == 0 and "left as it is" in kept.stdout
    assert_demo_guide(kept.stdout)


def assert_demo_guide(out: str) -> None:
    """Where to sign in, the accounts, what a BCU is with its codes, the sample files."""
    assert "Sign in at http://127.0.0.1:8123/login" in out
    assert "password 'foursight-demo'" in out
    for account in ("officer.cn", "supervisor.cn", "stac", "pou", "advocate", "analyst", "admin"):
        assert f"  {account} " in out, account
    assert "officer.<bcu>" in out and "BCU (Basic Command Unit)" in out
    for code, name in (("cn", "Central North (Camden, Islington)"), ("ce", "Central East")):
        assert f"  {code}  {name}" in out, code
    bcus = re.findall(r"^  [a-z]{2}  [A-Z][a-z]+ [A-Z][a-z]+ \(", out, re.M)
    assert len(bcus) == 12, bcus
    assert "tests/fixtures/evidence" in out and "evidence/demo_exhibits" in out
