"""The import contracts in ``pyproject.toml`` cover every app and fail on a planted import."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from foursight.server.apps import DOMAIN_APPS

ROOT = Path(__file__).resolve().parents[2]
CORE = "The core engine never imports Django or the service"
AUDIT = "The audit log imports no app it records"


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_contracts_name_every_service_app() -> None:
    contracts = _contracts()
    service = {f"foursight.{app}" for app in DOMAIN_APPS} | {"foursight.server", "foursight.cli"}
    core = set(contracts[CORE]["forbidden_modules"])  # type: ignore[arg-type]
    assert service | {"django", "ninja"} <= core, service - core
    audit = set(contracts[AUDIT]["forbidden_modules"])  # type: ignore[arg-type]
    assert service - {"foursight.audit"} <= audit, service - {"foursight.audit"} - audit
    assert contracts[AUDIT]["source_modules"] == ["foursight.audit"]


def test_lint_imports_fails_on_a_planted_import(tmp_path: Path) -> None:
    """A copy of the source with one forbidden import in the core and one in the audit app."""
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "foursight",
        src / "foursight",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "data"),
    )
    (src / "foursight" / "core" / "planted.py").write_text(
        "from foursight.orders.models import Order\n", encoding="utf-8"
    )
    (src / "foursight" / "audit" / "planted.py").write_text(
        "import foursight.insights.service\n", encoding="utf-8"
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--config", "pyproject.toml", "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert f"{CORE} BROKEN" in out and f"{AUDIT} BROKEN" in out, out
    assert "foursight.core.planted -> foursight.orders.models" in out, out
    assert "foursight.audit.planted -> foursight.insights.service" in out, out
