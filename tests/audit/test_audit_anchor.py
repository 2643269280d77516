"""Anchors outside the database: a cut or rewritten tail of the audit chain is caught."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from foursight.audit import actions
from foursight.audit.actions import record, verify
from foursight.audit.anchor import INTERVAL_SECONDS, Anchorer, anchor_path, read_anchors
from foursight.audit.models import AuditEntry, AuditHead
from foursight.cli import main as cli_main
from foursight.errors import InvalidInput
from tests.audit.test_audit_chain import _drop_append_only_triggers
from tests.conftest import World


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def anchors(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_ANCHOR_PATH = str(tmp_path / "anchors" / "audit-anchors.log")
    return Path(settings.AUDIT_ANCHOR_PATH)


def _cut_tail(n: int) -> AuditEntry:
    """The probe's attack: drop the trigger, delete the last n entries, move the head back."""
    _drop_append_only_triggers()
    last_kept = AuditEntry.objects.order_by("-seq")[n]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq > %s", [last_kept.seq])
        cursor.execute(
            "UPDATE audit_audithead SET seq = %s, hash = %s WHERE id = 1",
            [last_kept.seq, last_kept.hash],
        )
    return last_kept


def test_default_path_is_in_the_data_directory(settings: Any, tmp_path: Path) -> None:
    settings.AUDIT_ANCHOR_PATH = ""
    settings.DATA_DIR = tmp_path
    assert anchor_path() == tmp_path / "audit-anchors.log"


def test_cut_tail_passes_without_an_anchor_and_fails_with_one(
    world: World, anchors: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(50):
        record(
            world.users["officer_cn"], "viewed", "report", world.reports["cn"].pk, detail={"n": n}
        )
    head = AuditHead.objects.get(pk=1)
    assert head.seq > 60
    assert cli_main(["audit", "anchor"]) == 0
    assert f"anchored entry {head.seq} " in capsys.readouterr().out
    [anchor] = read_anchors()
    assert (anchor.seq, anchor.hash) == (head.seq, head.hash)
    assert anchors.stat().st_mode & 0o777 == 0o600

    last_kept = _cut_tail(40)

    # The chain in the database is self-consistent: on its own it proves nothing was cut.
    moved = anchors.rename(anchors.with_name("elsewhere.log"))
    assert verify().ok
    # A copy of the log kept elsewhere (the force's log collection) catches it too.
    assert cli_main(["audit", "verify", "--anchors", str(moved)]) == 1
    assert (
        f"anchor at line 1 ({anchor.at}, entry {head.seq}) in {moved}:" in capsys.readouterr().err
    )
    assert cli_main(["audit", "verify", "--anchors", str(moved) + ".missing"]) == 2
    assert "not found" in capsys.readouterr().err
    moved.rename(anchors)

    result = verify()
    assert not result.ok
    assert result.message.startswith(f"anchor at line 1 ({anchor.at}, entry {head.seq})")
    assert f"the chain ends at entry {last_kept.seq}" in result.message
    assert "entries removed" in result.message
    assert cli_main(["audit", "verify"]) == 1
    assert "anchor at line 1 " in capsys.readouterr().err


def test_rewritten_tail_is_caught_even_with_the_key(world: World, anchors: Path) -> None:
    """Whoever holds the audit key can re-chain a new tail; the anchored hash still differs."""
    assert cli_main(["audit", "anchor"]) == 0
    head = AuditHead.objects.get(pk=1)
    _cut_tail(3)
    for n in range(5):
        record(None, "demo_loaded", "demo", detail={"n": n})
    assert AuditHead.objects.get(pk=1).seq > head.seq
    result = verify()
    assert not result.ok
    assert f"entry {head.seq}) in {anchors}: entry {head.seq} differs" in result.message


def test_verify_names_the_anchor_and_counts_them(world: World, anchors: Path) -> None:
    assert verify().message.endswith("(run `foursight audit anchor`)")
    assert cli_main(["audit", "anchor"]) == 0
    record(None, "demo_loaded", "demo")
    assert cli_main(["audit", "anchor"]) == 0
    result = verify()
    assert result.ok and "agreeing with 2 anchors" in result.message


def test_a_damaged_anchor_log_is_named_with_its_line(
    world: World, anchors: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["audit", "anchor"]) == 0
    with anchors.open("a") as handle:
        handle.write('{"seq": "x"}\n')
    with pytest.raises(InvalidInput, match="line 2: not an anchor"):
        verify()
    assert cli_main(["audit", "verify"]) == 2
    assert f"audit anchor log {anchors}, line 2" in capsys.readouterr().err


def test_committed_entries_are_anchored_at_least_once_a_minute(
    db: None,
    anchors: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    clock = FakeClock()
    anchorer = Anchorer(clock)
    monkeypatch.setattr(actions, "ANCHORER", anchorer)

    def write(n: int) -> AuditEntry:
        with django_capture_on_commit_callbacks(execute=True):
            return record(None, "demo_loaded", "demo", detail={"n": n})

    first = write(1)
    assert [(a.seq, a.hash) for a in read_anchors()] == [(first.seq, first.hash)]
    clock.now += INTERVAL_SECONDS / 2
    write(2)
    assert len(read_anchors()) == 1  # cheap: no anchor for every entry
    clock.now += INTERVAL_SECONDS / 2
    third = write(3)
    assert [a.seq for a in read_anchors()] == [first.seq, third.seq]
    assert verify().ok


def test_an_uncommitted_entry_is_never_anchored(
    db: None,
    anchors: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    monkeypatch.setattr(actions, "ANCHORER", Anchorer(FakeClock()))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(None, "demo_loaded", "demo")
    assert len(callbacks) == 1 and not anchors.exists()


def test_a_quiet_spell_is_anchored_by_the_timer(anchors: Path) -> None:
    clock = FakeClock()
    anchorer = Anchorer(clock)
    anchorer.enable_timer()
    anchorer.committed(1, "a" * 64)
    anchorer.committed(2, "b" * 64)  # within the minute: left to the timer
    timer = anchorer.timer
    assert timer is not None and timer.daemon and 0 < timer.interval <= INTERVAL_SECONDS
    timer.cancel()
    anchorer._timer_fired()
    assert [(a.seq, a.hash) for a in read_anchors()] == [(1, "a" * 64), (2, "b" * 64)]
    assert anchorer.flush() is None  # nothing new to anchor


def test_an_unwritable_anchor_log_does_not_undo_the_entry(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.AUDIT_ANCHOR_PATH = str(blocker / "audit-anchors.log")
    anchorer = Anchorer(FakeClock())
    with caplog.at_level(logging.ERROR, logger="foursight.audit"):
        anchorer.committed(7, "c" * 64)
    assert "audit anchor not written" in caplog.text
    assert anchorer.anchored is None  # tried again on the next entry


def test_anchor_lines_are_json(anchors: Path) -> None:
    Anchorer(FakeClock()).committed(3, "d" * 64)
    line = json.loads(anchors.read_text())
    assert line["seq"] == 3 and line["hash"] == "d" * 64 and line["at"].endswith("Z")
