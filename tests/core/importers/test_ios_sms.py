"""iOS sms.db and CallHistory: built from the SQL fixtures, read read-only."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import Attachment, Channel, ContactEvent
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.core.importers.ios_sms import decode_attributed_body
from foursight.errors import ImportRejected

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]


def build(evidence: Path, script: str, target: Path) -> Path:
    db = sqlite3.connect(target)
    db.executescript((evidence / script).read_text(encoding="utf-8"))
    db.commit()
    db.close()
    return target


def test_shared_fixture(evidence: Path, tmp_path: Path, view: View) -> None:
    path = build(evidence, "ios-sms.sql", tmp_path / "sms.db")
    before = path.read_bytes()
    events = import_file(path, ImportContext())
    assert view(events) == [
        (
            "message ROWID 1",
            "in",
            "message",
            "+447911123456",
            "2024-03-12T21:14:05Z",
            "you can't ignore me forever",
        ),
        (
            "message ROWID 2",
            "out",
            "message",
            "+447911123456",
            "2024-03-12T23:58:10Z",
            "Please stop contacting me.",
        ),
        ("ZCALLRECORD Z_PK 1", "in", "call_missed", "+447911123456", "2024-03-13T02:00:00Z", ""),
    ]
    assert [e.channel for e in events] == [Channel.IMESSAGE, Channel.IMESSAGE, Channel.CALL]
    assert events[0].ts_raw == "731970845000000000"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sms.db"]


def test_ios16_attributed_body_edits_retractions_attachments(
    evidence: Path, tmp_path: Path, view: View
) -> None:
    path = build(evidence, "ios-sms-ios16.sql", tmp_path / "sms.db")
    events = import_file(path, ImportContext())
    handle = "sk.new.account.2024@example.net"
    assert view(events) == [
        (
            "message ROWID 1",
            "in",
            "message",
            handle,
            "2024-03-13T02:01:40Z",
            "Je sais o\u00f9 tu es \U0001f620",
        ),
        ("message ROWID 2", "in", "edited", handle, "2024-03-13T02:02:40Z", "I am outside"),
        ("message ROWID 3", "in", "deleted", handle, "2024-03-13T02:03:40Z", ""),
        ("message ROWID 4", "in", "message", "+447700900456", "2023-03-08T20:26:40Z", "seen this?"),
        (
            "message ROWID 5",
            "in",
            "message",
            handle,
            "2024-03-13T02:04:00Z",
            "Ich wei\u00df, wo du wohnst. " * 6 + "\u2014 \U0001f525",
        ),
        (
            "ZCALLRECORD Z_PK 1",
            "in",
            "call_answered",
            "+447700900456",
            "2024-03-13T02:05:00.500000Z",
            "",
        ),
        ("ZCALLRECORD Z_PK 2", "in", "call_missed", "", "2024-03-13T02:06:40Z", ""),
        ("ZCALLRECORD Z_PK 3", "out", "call_outgoing", "+447911123456", "2024-03-13T02:08:20Z", ""),
    ]
    assert events[3].channel is Channel.SMS
    assert events[3].attachments == (Attachment("IMG_0002.HEIC", None, "image/heic", 524288),)
    assert events[0].conversation == handle
    assert dict(events[5].meta)["call_type"] == "facetime_audio"
    assert [e.withheld for e in events[5:]] == [False, True, False]
    assert events[5].duration_s == 12.0


def test_attributed_body_decoder_refuses_truncated_blobs() -> None:
    assert decode_attributed_body(b"no class name here") is None
    assert decode_attributed_body(b"NSString\x01\x94\x84\x01+\x10short") is None
    assert decode_attributed_body(b"NSString\x01\x94\x84\x01+\x03\xe2\x80\x94") == "\u2014"


def test_stream_source_is_copied_privately(evidence: Path, tmp_path: Path) -> None:
    path = build(evidence, "ios-sms.sql", tmp_path / "sms.db")
    stream = io.BytesIO(path.read_bytes())
    events = list(get_importer("ios_sms").parse(stream, ImportContext()))
    assert len(events) == 3 and detect(path).id == "ios_sms"


def test_other_sqlite_database_rejected(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t(x)")
    db.commit()
    db.close()
    with pytest.raises(ImportRejected, match=r"other\.db: schema: neither an iOS sms\.db"):
        import_file(path, ImportContext(), "ios_sms")


def test_truncated_database_rejected(evidence: Path, tmp_path: Path) -> None:
    path = build(evidence, "ios-sms-ios16.sql", tmp_path / "sms.db")
    cut = tmp_path / "cut.db"
    cut.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ImportRejected, match=r"cut\.db: "):
        import_file(cut, ImportContext(), "ios_sms")
