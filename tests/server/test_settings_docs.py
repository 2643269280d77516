"""docs/settings.md lists exactly the environment variables the code reads.

The reads are found in the source itself (an AST scan of ``src`` and ``tests``), not in a
registry the code keeps about itself, so a read added anywhere (the core included) without
a line in the docs fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings as django_settings

from foursight.server import settings

ROOT = Path(__file__).resolve().parents[2]


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ`` imported from os."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id == "environ"


def environment_reads(source: str) -> set[str]:
    """Names read from the environment by ``source``: ``os.environ.get("X")``,
    ``os.environ["X"]``, ``os.getenv("X")``, ``"X" in os.environ`` and the settings
    module's ``setting("X", ...)``. Only FOURSIGHT_* names and names given to ``setting``
    count; other variables (PATH, PYTHONPATH) are the platform's."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        name: str | None = None
        own = False
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value):
                name = _literal(node.args[0])
            elif isinstance(func, ast.Attribute) and func.attr == "getenv":
                name = _literal(node.args[0])
            elif isinstance(func, ast.Name) and func.id in {"getenv", "setting"}:
                name, own = _literal(node.args[0]), func.id == "setting"
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if _is_environ(node.value):
                name = _literal(node.slice)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            if isinstance(node.ops[0], ast.In | ast.NotIn) and _is_environ(node.comparators[0]):
                name = _literal(node.left)
        if name and (own or name.startswith("FOURSIGHT_")):
            found.add(name)
    return found


def code_reads() -> dict[str, list[str]]:
    """Every name read, with the files that read it."""
    reads: dict[str, list[str]] = {}
    for folder in ("src", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for name in environment_reads(path.read_text()):
                reads.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return reads


def documented() -> set[str]:
    text = (ROOT / "docs" / "settings.md").read_text()
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", text, flags=re.M))


def test_scan_finds_every_kind_of_read() -> None:
    source = (
        "import os\nfrom os import environ, getenv\n"
        "a = os.environ.get('FOURSIGHT_A', '1')\n"
        "b = os.environ['FOURSIGHT_B']\n"
        "c = os.getenv('FOURSIGHT_C')\n"
        "d = getenv('FOURSIGHT_D')\n"
        "e = 'FOURSIGHT_E' in os.environ\n"
        "f = environ.get('FOURSIGHT_F')\n"
        "g = setting('DATABASE_URL', '', str, 'doc')\n"
        "os.environ['FOURSIGHT_WRITTEN'] = '1'\n"
        "p = os.environ.get('PYTHONPATH')\n"
    )
    assert environment_reads(source) == {
        "FOURSIGHT_A",
        "FOURSIGHT_B",
        "FOURSIGHT_C",
        "FOURSIGHT_D",
        "FOURSIGHT_E",
        "FOURSIGHT_F",
        "DATABASE_URL",
    }


def test_every_read_is_documented_and_every_documented_name_is_read() -> None:
    reads = code_reads()
    docs = documented()
    undocumented = {name: files for name, files in reads.items() if name not in docs}
    assert not undocumented, f"read in the code but not in docs/settings.md: {undocumented}"
    assert docs - set(reads) == set(), "documented in docs/settings.md but read nowhere"


def test_settings_registry_is_part_of_what_is_read() -> None:
    assert django_settings.configured
    assert set(settings.DOCUMENTED) <= set(code_reads())


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
