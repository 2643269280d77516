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


def test_missing_secret_refused_outside_development(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {
        "FOURSIGHT_ENV": "production",
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
    assert result.stderr.strip() == (
        "foursight: FOURSIGHT_SECRET_KEY must be set when FOURSIGHT_ENV=production "
        "(at least 32 random characters; for example the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    )
