"""Files a newcomer can read: no source file outside migrations passes 450 lines."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "foursight"
LIMIT = 450


def too_long(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}: {count} lines"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    ]


def test_no_source_file_passes_the_limit() -> None:
    assert too_long(SRC) == []


def test_the_check_sees_a_long_file_and_skips_migrations(tmp_path: Path) -> None:
    (tmp_path / "app" / "migrations").mkdir(parents=True)
    (tmp_path / "app" / "long.py").write_text("x = 1\n" * (LIMIT + 1))
    (tmp_path / "app" / "short.py").write_text("x = 1\n" * LIMIT)
    (tmp_path / "app" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 900)
    assert too_long(tmp_path) == [f"app/long.py: {LIMIT + 1} lines"]
