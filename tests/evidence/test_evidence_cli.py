"""The CLI: ``foursight conduct`` on the shared fixtures (no database) and ``evidence import``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from foursight.cli import main
from foursight.evidence.models import CustodyEntry, Exhibit, StoredEvent
from tests.conftest import World
from tests.evidence.conftest import FIXTURES


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FOURSIGHT_DATA_DIR"] = str(tmp_path / "no-db")
    return subprocess.run(
        [sys.executable, "-m", "foursight", *args],
        env=env,
        cwd=FIXTURES,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_conduct_json_on_the_shared_fixtures(tmp_path: Path) -> None:
    files = [
        "sms-20240314093000.xml",
        "calls-20240314093000.xml",
        "whatsapp-android-en_GB.txt",
        "WhatsApp Chat - Sam K.zip",
    ]
    result = _run(
        tmp_path,
        "conduct",
        *files,
        "--victim-id",
        "+447700900123",
        "--victim-id",
        "Alex R",
        "--tz",
        "Europe/London",
        "--locale",
        "en_GB",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [(f["path"], f["format"], f["events"]) for f in out["files"]] == [
        ("sms-20240314093000.xml", "sms_backup", 3),
        ("calls-20240314093000.xml", "sms_backup", 3),
        ("whatsapp-android-en_GB.txt", "whatsapp", 8),
        ("WhatsApp Chat - Sam K.zip", "whatsapp", out["files"][3]["events"]),
    ]
    assert out["files"][0]["sha256"] == (
        "f5073a823f73168b4cc9ad743ea75bee3b293f2a8e62eb9dfda9d52993b721ee"
    )
    assert out["files"][3]["sha256"].startswith("81555a38")
    assert out["events"] == sum(f["events"] for f in out["files"])
    counterparts = {c["identifier"]: c for c in out["counterparts"]}
    assert counterparts["+447911123456"]["events"] == 4  # +44 and 07 forms are one number
    assert counterparts["withheld"]["withheld"] == 1
    assert {"event_id", "time", "kind"} <= set(out["stops"][0])
    assert {s["kind"] for s in out["stops"]} >= {"stop_request", "call_blocked", "block"}
    assert set(out["four"]) == {"fixated", "obsessive", "unwanted", "repeated"}
    assert out["course_of_conduct"] is True
    assert "new_identifiers_after_block" in out and "threats" in out
    assert not (tmp_path / "no-db").exists()
    again = _run(
        tmp_path,
        "conduct",
        *files,
        "--victim-id",
        "+447700900123",
        "--victim-id",
        "Alex R",
        "--tz",
        "Europe/London",
        "--locale",
        "en_GB",
        "--json",
    )
    assert again.stdout == result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'<?xml version="1.0"?><smses count="1"><sms address="1" date="', "line 1"),
        (b"", "byte 0"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "byte"),
    ],
)
def test_conduct_unreadable_file_exits_2_naming_it(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "sms-bad.xml"
    bad.write_bytes(content)
    result = _run(tmp_path, "conduct", str(bad), "--victim-id", "x", "--tz", "Europe/London")
    assert result.returncode == 2
    assert "sms-bad.xml" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_conduct_missing_file(tmp_path: Path) -> None:
    result = _run(tmp_path, "conduct", "nope.xml", "--victim-id", "x", "--tz", "Europe/London")
    assert result.returncode == 2 and "nope.xml" in result.stderr


def test_evidence_import_command(world: World, capsys: Any) -> None:
    report = world.reports["cn"]
    args = [
        "evidence",
        "import",
        str(FIXTURES / "whatsapp-android-en_GB.txt"),
        "--report",
        report.reference,
        "--exhibit",
        "AR/1",
        "--victim-id",
        "Alex R",
        "--tz",
        "Europe/London",
        "--locale",
        "en_GB",
        "--consent-ref",
        "DPN-0001",
        "--scope-from",
        "2024-03-01",
        "--scope-to",
        "2024-03-31",
        "--user",
        "officer_cn",
    ]
    assert main(args) == 0
    assert "AR/1: whatsapp, 8 events stored" in capsys.readouterr().out
    exhibit = Exhibit.objects.get(report=report)
    assert (
        exhibit.consent_reference == "DPN-0001" and exhibit.created_by == world.users["officer_cn"]
    )
    assert main(args) == 0
    assert "already exhibit AR/1" in capsys.readouterr().out
    assert StoredEvent.objects.filter(report=report).count() == 8
    assert main([*args[:-2], "--user", "officer_ne"]) == 2
    assert "No such report" in capsys.readouterr().err
    assert main([*args[:6], "AR/2", *args[7:9], "--tz", "Nowhere/City"]) == 2
    assert "tz: unknown time zone" in capsys.readouterr().err
    assert CustodyEntry.objects.filter(report=report).count() == 2
