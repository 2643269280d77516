"""What `foursight demo` and `foursight migrate` tell a person on a first run: each step as
it goes, then where to sign in, the demo accounts, the BCU codes and the sample files."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from foursight.cli import main as cli_main
from foursight.demo_cli import PACKAGE, migrate_command
from tests.conftest import World


def test_demo_on_a_full_database_still_says_where_to_sign_in(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["demo", "--if-empty", "--url", "http://127.0.0.1:8123"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("demo: the database already holds reports; left as it is")
    assert "Sign in at http://127.0.0.1:8123/login" in out
    assert "Demo accounts (password 'foursight-demo'):" in out
    assert re.search(r"^  officer\.cn +Investigating officer, Central North BCU$", out, re.M)
    assert re.search(r"^  stac +Stalking Threat Assessment Centre, force-wide$", out, re.M)
    assert re.search(r"^  officer\.<bcu> +Investigating officer in that BCU", out, re.M)
    assert "A BCU (Basic Command Unit) is one of the Met's local policing areas" in out
    codes = re.findall(r"^  ([a-z]{2})  [A-Z]\w+ [A-Z]\w+ \(", out, re.M)
    assert codes == sorted(codes) and {"cn", "ce", "ne", "sw"} <= set(codes)
    assert "  cn  Central North (Camden, Islington)" in out
    assert "tests/fixtures/evidence" in out
    assert str(PACKAGE / "evidence" / "demo_exhibits").endswith("evidence/demo_exhibits")
    assert "evidence/demo_exhibits" in out


def test_migrate_names_each_app_as_its_migrations_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = migrate_command(3)
    for app in ("accounts", "accounts", "cases"):
        command.migration_progress_callback("apply_start", SimpleNamespace(app_label=app))
        command.migration_progress_callback("apply_success", SimpleNamespace(app_label=app))
    assert capsys.readouterr().out.splitlines() == [
        "database: migrating accounts ... (0 of 3 done)",
        "database: migrating cases ... (2 of 3 done)",
    ]
