"""Keys, debug and cookies by environment: no secret in the source, none accepted short."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from foursight.errors import InvalidInput
from foursight.server import settings as live_settings

SETTINGS_FILE = live_settings.__file__
GOOD_SECRET = "s" * 20 + "-0123456789abcdef-secret"
GOOD_AUDIT = "a" * 20 + "-0123456789abcdef-audit"


def load_settings(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **env: str) -> dict[str, Any]:
    """Evaluate settings.py afresh under ``env`` (the live Django settings are untouched)."""
    for name in list(os.environ):
        if name.startswith("FOURSIGHT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FOURSIGHT_DATA_DIR", str(data_dir))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def test_development_generates_separate_private_keys_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = load_settings(monkeypatch, tmp_path)
    secret_file, audit_file = tmp_path / "secret-key", tmp_path / "audit-key"
    for path in (secret_file, audit_file):
        assert path.stat().st_mode & 0o777 == 0o600
    assert first["SECRET_KEY"] == secret_file.read_text().strip()
    assert first["AUDIT_KEY"] == audit_file.read_text().strip()
    assert len(first["SECRET_KEY"]) >= 32 and len(first["AUDIT_KEY"]) >= 32
    assert first["AUDIT_KEY"] != first["SECRET_KEY"]
    assert first["SECRET_KEY"] not in first["AUDIT_KEY"]
    again = load_settings(monkeypatch, tmp_path)
    assert (again["SECRET_KEY"], again["AUDIT_KEY"]) == (first["SECRET_KEY"], first["AUDIT_KEY"])
    elsewhere = load_settings(monkeypatch, tmp_path / "other")
    assert elsewhere["SECRET_KEY"] != first["SECRET_KEY"]
    assert not first["SESSION_COOKIE_SECURE"] and first["SECURE_HSTS_SECONDS"] == 0


def test_a_key_file_others_can_read_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    load_settings(monkeypatch, tmp_path)
    (tmp_path / "audit-key").chmod(0o644)
    with pytest.raises(InvalidInput, match=r"audit-key can be read by other users \(mode 0644\)"):
        load_settings(monkeypatch, tmp_path)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "FOURSIGHT_SECRET_KEY must be set when FOURSIGHT_ENV=production"),
        (
            {"FOURSIGHT_SECRET_KEY": GOOD_SECRET},
            "FOURSIGHT_AUDIT_KEY must be set when FOURSIGHT_ENV=production",
        ),
        (
            {"FOURSIGHT_SECRET_KEY": "abc", "FOURSIGHT_AUDIT_KEY": GOOD_AUDIT},
            "FOURSIGHT_SECRET_KEY is too short (3 characters): at least 32",
        ),
        (
            {"FOURSIGHT_SECRET_KEY": GOOD_SECRET, "FOURSIGHT_AUDIT_KEY": "x" * 31},
            "FOURSIGHT_AUDIT_KEY is too short (31 characters)",
        ),
        (
            {"FOURSIGHT_SECRET_KEY": GOOD_SECRET, "FOURSIGHT_AUDIT_KEY": GOOD_SECRET},
            "FOURSIGHT_AUDIT_KEY must differ from FOURSIGHT_SECRET_KEY",
        ),
        (
            {
                "FOURSIGHT_SECRET_KEY": GOOD_SECRET,
                "FOURSIGHT_AUDIT_KEY": GOOD_AUDIT,
                "FOURSIGHT_DEBUG": "true",
            },
            "FOURSIGHT_DEBUG=true is refused when FOURSIGHT_ENV=production",
        ),
    ],
)
def test_production_refuses_missing_short_shared_keys_and_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_settings(monkeypatch, tmp_path, FOURSIGHT_ENV="production", **env)
    assert message in caught.value.message
    assert GOOD_SECRET not in caught.value.message  # a key is never echoed
    assert not (tmp_path / "secret-key").exists()  # nothing generated outside development


def test_any_deployment_gets_secure_cookies_and_hsts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    keys = {"FOURSIGHT_SECRET_KEY": GOOD_SECRET, "FOURSIGHT_AUDIT_KEY": GOOD_AUDIT}
    staging = load_settings(monkeypatch, tmp_path, FOURSIGHT_ENV="staging", **keys)
    assert staging["SESSION_COOKIE_SECURE"] and staging["CSRF_COOKIE_SECURE"]
    assert staging["SECURE_HSTS_SECONDS"] == 31_536_000
    assert (staging["SECRET_KEY"], staging["AUDIT_KEY"]) == (GOOD_SECRET, GOOD_AUDIT)
    assert "SECURE_PROXY_SSL_HEADER" not in staging
    proxied = load_settings(
        monkeypatch,
        tmp_path,
        FOURSIGHT_ENV="production",
        FOURSIGHT_BEHIND_HTTPS_PROXY="true",
        **keys,
    )
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    with pytest.raises(InvalidInput, match="FOURSIGHT_HSTS_SECONDS must be positive"):
        load_settings(
            monkeypatch, tmp_path, FOURSIGHT_ENV="staging", FOURSIGHT_HSTS_SECONDS="0", **keys
        )


def test_the_command_refuses_to_start_with_a_short_key(tmp_path: Path) -> None:
    env = {
        "FOURSIGHT_ENV": "production",
        "FOURSIGHT_SECRET_KEY": "abc",
        "FOURSIGHT_AUDIT_KEY": GOOD_AUDIT,
        "FOURSIGHT_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    result = subprocess.run(
        [sys.executable, "-m", "foursight", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "foursight: FOURSIGHT_SECRET_KEY is too short (3 characters): at least 32 are required"
    )
    assert "Traceback" not in result.stderr
