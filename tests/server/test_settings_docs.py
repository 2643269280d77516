"""docs/settings.md lists exactly the settings the code reads."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings as django_settings

from foursight.server import settings


def test_every_setting_is_documented() -> None:
    assert django_settings.configured
    text = (Path(__file__).resolve().parents[2] / "docs" / "settings.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", text, flags=re.M))
    assert documented == set(settings.DOCUMENTED)


def test_placeholder_secret_refused_outside_development(monkeypatch: object) -> None:
    import subprocess
    import sys

    env = {"FOURSIGHT_ENV": "production", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "foursight", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "foursight: FOURSIGHT_SECRET_KEY must be set outside development "
        "(FOURSIGHT_ENV=development allows the placeholder)"
    )
