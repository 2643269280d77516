"""Each app writes only its own tables, and only from its actions (``server/writers.py``).

The check reads the source (no imports, no database): every call of a write method
(``.create``, ``.bulk_create``, ``.update``, ``.delete``, ``.save``, ``get_or_create``,
``update_or_create``, ``bulk_update``) must sit in an action module, a migration, a demo
loader or a declared writer; and outside demo loaders, a write on a model class imported
from another app fails wherever it sits. The model a call writes is found from the root
of its chain (``Occasion.objects.filter(...).delete()`` writes ``Occasion``) and the
module's imports; a write on an instance (``order.save()``) counts against the module's
own app.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from foursight.server.writers import ACTION_FILE, ACTION_SUFFIX, DECLARED_WRITERS, DEMO_LOADERS

SRC = Path(__file__).resolve().parents[2] / "src"
WRITES = {
    "create",
    "bulk_create",
    "update",
    "delete",
    "save",
    "get_or_create",
    "update_or_create",
    "bulk_update",
}
# ``dict.update(x)``, ``set.update(x)``, ``router.delete("/path")`` take positional
# arguments; the queryset's ``update(**fields)`` and ``save()`` / ``delete()`` do not.
KEYWORD_ONLY = {"update", "save", "delete"}
# ``out.update(a=1)`` on a dict looks like a queryset update; a queryset update is written
# on its chain (``X.objects.filter(...).update(...)``), so ``update`` on a bare name is not
# counted.


def _model_apps(tree: ast.Module) -> dict[str, str]:
    """Names bound by ``from foursight.<app>.models import X`` (or ``... import models``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "foursight" or len(parts) < 2:
            continue
        for alias in node.names:
            bound = alias.asname or alias.name
            if parts[2:] == ["models"] or (len(parts) == 2 and alias.name == "models"):
                names[bound] = parts[1]
    return names


def _root(node: ast.expr) -> str | None:
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def _writes(tree: ast.Module) -> list[tuple[int, str, str | None]]:
    """(line, call text, app of the model written or None when unknown)."""
    apps = _model_apps(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in WRITES or (method in KEYWORD_ONLY and node.args):
            continue
        if method == "update" and isinstance(node.func.value, ast.Name):
            continue
        root = _root(node.func.value)
        found.append((node.lineno, ast.unparse(node.func), apps.get(root or "")))
    return found


def violations(src: Path) -> list[str]:
    """Every write outside the rule in the ``foursight`` package under ``src``."""
    problems = []
    package = src / "foursight"
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(src)
        parts = rel.with_suffix("").parts
        if len(parts) < 3 or parts[1] == "core" or "migrations" in parts:
            continue  # the package's own top-level modules, the core, migrations
        app, dotted = parts[1], ".".join(parts)
        is_action = path.name == ACTION_FILE or path.name.endswith(ACTION_SUFFIX)
        is_demo = path.name in DEMO_LOADERS
        may_write = is_action or is_demo or dotted in DECLARED_WRITERS
        for line, call, target in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{rel}:{line}: {call}"
            if not may_write:
                problems.append(f"{where}: writes outside the app's actions")
            elif target is not None and target != app and not is_demo:
                problems.append(f"{where}: writes the {target} app's tables from {app}")
    return problems


def test_the_source_keeps_the_write_ownership_rule() -> None:
    assert violations(SRC) == []


def test_declared_writers_exist() -> None:
    for dotted in DECLARED_WRITERS:
        assert (SRC / (dotted.replace(".", "/") + ".py")).is_file(), dotted


def _plant(src: Path, rel: str, text: str) -> None:
    path = src / "foursight" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_a_planted_violation_fails_the_check(tmp_path: Path) -> None:
    _plant(
        tmp_path,
        "cases/views.py",
        """
        from foursight.cases.models import Report
        def close(report, values, router):
            values.update({"a": 1})           # a dict, not a write
            values.update(a=1)                # nor this
            router.delete("/reports/{id}")    # a route, not a write
            Report.objects.filter(pk=report.pk).update(status="closed")
            report.save()
        """,
    )
    _plant(
        tmp_path,
        "evidence/actions.py",
        """
        from foursight.cases.models import Occasion
        from foursight.evidence.models import Exhibit
        def act(report, exhibit):
            Occasion.objects.filter(report=report).delete()
            Exhibit.objects.create(report=report)  # its own table: allowed
        """,
    )
    _plant(
        tmp_path,
        "orders/demo_data.py",
        "from foursight.people.models import Person\nPerson.objects.create(name='x')\n",
    )
    _plant(tmp_path, "cases/migrations/0009_x.py", "X.objects.all().delete()\n")
    assert violations(tmp_path) == [
        "foursight/cases/views.py:7: Report.objects.filter(pk=report.pk).update: "
        "writes outside the app's actions",
        "foursight/cases/views.py:8: report.save: writes outside the app's actions",
        "foursight/evidence/actions.py:5: Occasion.objects.filter(report=report).delete: "
        "writes the cases app's tables from evidence",
    ]
