"""``foursight redact``: proposals for a file, a redacted copy written beside it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from foursight.cli import main

TEXT = "Alice Walker rang from 07700 900123.\nJake is at 12 Acacia Avenue.\n"


def test_redact_json_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    assert main(["redact", str(source), "--name", "Alice Walker", "--word", "Jake", "--json"]) == 0
    spans = json.loads(capsys.readouterr().out)["spans"]
    assert [TEXT[s["start"] : s["end"]] for s in spans] == [
        "Alice Walker",
        "07700 900123",
        "Jake",
        "12 Acacia Avenue",
    ]
    out = tmp_path / "note-redacted.txt"
    assert main(["redact", str(source), "--name", "Alice Walker", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (
        "[REDACTED: name] rang from [REDACTED: phone number].\nJake is at [REDACTED: address].\n"
    )
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_redact_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["redact", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00")
    assert main(["redact", str(binary)]) == 2
    assert "not a UTF-8 text file, a PDF or a Word .docx document" in capsys.readouterr().err
    same = tmp_path / "same.txt"
    same.write_text(TEXT, encoding="utf-8")
    assert main(["redact", str(same), "--out", str(same)]) == 2
    assert same.read_text(encoding="utf-8") == TEXT
