"""The real thing: ``foursight evidence import`` killed with SIGKILL part-way, then run
again with the same file and exhibit reference, which completes the import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.evidence.conftest import make_sms_backup

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("crash_probe.py")
MESSAGES = 24_000


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        FOURSIGHT_DATA_DIR=str(data),
        FOURSIGHT_EVIDENCE_WORKER="off",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    return env


def _probe(data: Path, what: str) -> Any:
    done = subprocess.run(
        [sys.executable, str(PROBE), what],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _stored_rows(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM evidence_storedevent").fetchone()[0])
    except sqlite3.OperationalError:  # busy for a moment while a batch commits
        return 0


def test_import_killed_part_way_then_run_again_completes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    report = _probe(data, "setup")["report"]
    export = make_sms_backup(tmp_path / "sms-backup.xml", MESSAGES)
    command = [
        sys.executable,
        "-m",
        "foursight",
        "evidence",
        "import",
        str(export),
        "--report",
        report,
        "--exhibit",
        "AR/1",
        "--victim-id",
        "+447700900123",
        "--tz",
        "Europe/London",
    ]
    child = subprocess.Popen(command, env=_env(data), stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    seen = 0
    while child.poll() is None and time.monotonic() < deadline:
        seen = _stored_rows(data / "foursight.sqlite3")
        if seen >= 10_000:  # at least one batch committed: part-way through
            break
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, f"the import ended first ({seen} rows seen)"

    after_crash = _probe(data, "state")
    assert after_crash["exhibits"] == [["AR/1", "storing", 0]]
    assert 10_000 <= after_crash["rows"] < MESSAGES
    assert after_crash["api_count"] == 0
    assert after_crash["timeline_count"] == after_crash["timeline_rows"] == 0
    assert after_crash["conduct_events"] == 0

    again = subprocess.run(
        command, env=_env(data), capture_output=True, text=True, timeout=300, check=False
    )
    assert again.returncode == 0, again.stderr
    assert f"AR/1: sms_backup, {MESSAGES} events stored, 0 already held" in again.stdout

    done = _probe(data, "state")
    assert done["exhibits"] == [["AR/1", "imported", MESSAGES]]
    assert done["rows"] == done["distinct"] == MESSAGES
    assert done["api_count"] == done["timeline_count"] == done["conduct_events"] == MESSAGES
