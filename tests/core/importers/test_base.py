"""Shared machinery: hashing, detection, the scope filter, zip safety, fixture integrity."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from foursight.core.events import Channel, Severity
from foursight.core.importers import (
    ArchiveLimits,
    ImportContext,
    Importer,
    detect,
    get_importer,
    import_file,
    importers,
    sha256_file,
)
from foursight.errors import ImportRejected

CHAT = b"12/03/2024, 21:14 - Sam K: hello\n13/03/2024, 02:00 - Sam K: again\n"


def test_fixture_hashes_match_the_shared_readme(evidence: Path) -> None:
    readme = (evidence / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^([0-9a-f]{64})  (.+)$", readme, flags=re.M)
    assert len(listed) == 13
    for digest, name in listed:
        assert sha256_file(evidence / name) == digest, name


def test_custody_fixture_hashes_are_what_we_compute(evidence: Path) -> None:
    entry = json.loads((evidence / "custody.jsonl").read_text(encoding="utf-8"))
    ctx = ImportContext(locale="en_GB")
    import_file(evidence / entry["input"]["name"], ctx)
    assert entry["input"]["sha256"] == sha256_file(evidence / entry["input"]["name"])
    assert [(m.name, m.sha256) for m in ctx.members] == [
        (o["name"], o["sha256"]) for o in entry["outputs"]
    ]


def test_sha256_file_of_stream_restores_position() -> None:
    stream = io.BytesIO(b"abcdef")
    stream.seek(2)
    assert sha256_file(stream) == hashlib.sha256(b"cdef").hexdigest()
    assert stream.tell() == 2


@pytest.mark.parametrize("name", ["threat_eval.csv", "custody.jsonl", "README.md"])
def test_unknown_formats_rejected(evidence: Path, name: str) -> None:
    with pytest.raises(ImportRejected, match=rf"{re.escape(name)}: byte 0: not a format"):
        detect(evidence / name)


def test_empty_and_missing_files_rejected(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ImportRejected, match=r"empty\.txt: byte 0: the file is empty"):
        detect(tmp_path / "empty.txt")
    with pytest.raises(ImportRejected, match=r"gone\.xml: no such file"):
        import_file(tmp_path / "gone.xml", ImportContext(), "sms_backup")
    with pytest.raises(ImportRejected, match=r"unknown import format 'nope'; known: carrier_csv"):
        get_importer("nope")


def test_registry_holds_every_format() -> None:
    ids = [i.id for i in importers()]
    assert sorted(ids) == [
        "carrier_csv",
        "email",
        "facebook",
        "google_voice",
        "instagram",
        "ios_sms",
        "sms_backup",
        "whatsapp",
    ]
    assert all(isinstance(i, Importer) and i.patterns and i.version for i in importers())


class OneWayStream(io.RawIOBase):
    """A pipe-like stream that cannot seek (as from an upload)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_non_seekable_stream_is_spooled_and_hashed() -> None:
    stream = io.BufferedReader(OneWayStream(CHAT))
    events = list(get_importer("whatsapp").parse(stream, ImportContext(locale="en_GB")))
    assert {e.source_file_sha256 for e in events} == {hashlib.sha256(CHAT).hexdigest()}
    assert len(events) == 2


def test_scope_filters_dates_channels_conversations_and_says_so() -> None:
    stream = io.BytesIO(CHAT)
    stream.name = "chat.txt"
    ctx = ImportContext(
        locale="en_GB",
        date_from=datetime(2024, 3, 13, tzinfo=UTC),
        date_to=datetime(2024, 3, 14, tzinfo=UTC),
    )
    events = list(get_importer("whatsapp").parse(stream, ctx))
    assert [e.body for e in events] == ["again"]
    assert [(p.locator, p.message, p.severity) for p in ctx.problems] == [
        ("whole file", "1 events outside the agreed scope were not imported", Severity.INFO)
    ]
    for scope, expected in (
        (ImportContext(locale="en_GB", channels=frozenset({Channel.SMS})), 0),
        (ImportContext(locale="en_GB", conversations=frozenset({"Sam K"})), 2),
        (ImportContext(locale="en_GB", conversations=frozenset({"Jo"})), 0),
    ):
        named = io.BytesIO(CHAT)
        named.name = "WhatsApp Chat with Sam K.txt"
        assert len(list(get_importer("whatsapp").parse(named, scope))) == expected


def test_naive_scope_bounds_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ImportContext(date_from=datetime(2024, 1, 1))


def test_is_own_matches_numbers_addresses_and_names() -> None:
    ctx = ImportContext(
        own_identifiers=frozenset({"07911 000111", "Alex.R@Example.com"}),
        own_names=frozenset({"Alex R"}),
    )
    assert ctx.is_own("+447911000111") and ctx.is_own("alex.r@example.com")
    assert ctx.is_own("alex r") and not ctx.is_own("Sam K") and not ctx.is_own("")


def make_zip(path: Path, members: dict[str, bytes], *, attr: int = 0o644 << 16) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 14, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = attr
            archive.writestr(info, data)
    return path


@pytest.mark.parametrize(
    ("member", "why"),
    [
        ("../evil.txt", "unsafe member name"),
        ("/etc/passwd", "unsafe member name"),
        ("C:/x.txt", "unsafe member name"),
        ("a\\..\\b.txt", "unsafe member name"),
    ],
)
def test_zip_path_traversal_rejected(tmp_path: Path, member: str, why: str) -> None:
    path = make_zip(tmp_path / "WhatsApp Chat - Sam K.zip", {"_chat.txt": CHAT, member: b"x"})
    with pytest.raises(ImportRejected, match=why):
        import_file(path, ImportContext(locale="en_GB"))


def test_zip_bomb_ratio_rejected(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "WhatsApp Chat - Sam K.zip", {"_chat.txt": CHAT, "bomb.bin": b"\0" * (8 << 20)}
    )
    with pytest.raises(ImportRejected, match=r"member 'bomb\.bin': compression ratio \d+:1"):
        import_file(path, ImportContext(locale="en_GB"))


def test_oversized_member_and_total_rejected(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "WhatsApp Chat - Sam K.zip",
        {"_chat.txt": CHAT, "big.jpg": bytes(range(256)) * 64},
    )
    small = ArchiveLimits(max_member_bytes=10_000)
    with pytest.raises(ImportRejected, match=r"member of 16384 bytes exceeds the size limit"):
        import_file(path, ImportContext(locale="en_GB", limits=small))
    few = ArchiveLimits(max_total_bytes=1_000)
    with pytest.raises(ImportRejected, match="beyond the total size limit"):
        import_file(path, ImportContext(locale="en_GB", limits=few))
    one = ArchiveLimits(max_members=1)
    with pytest.raises(ImportRejected, match="2 members exceed the limit"):
        import_file(path, ImportContext(locale="en_GB", limits=one))


def test_symlink_and_lying_header_rejected(tmp_path: Path) -> None:
    link = make_zip(tmp_path / "WhatsApp Chat - A.zip", {"_chat.txt": CHAT}, attr=0o120777 << 16)
    with pytest.raises(ImportRejected, match="symbolic link member"):
        import_file(link, ImportContext(locale="en_GB"))
    path = make_zip(tmp_path / "WhatsApp Chat - B.zip", {"_chat.txt": CHAT})
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # claim 10 bytes
    path.write_bytes(bytes(data))
    with pytest.raises(ImportRejected, match=r"member '_chat\.txt': "):
        import_file(path, ImportContext(locale="en_GB"))


def test_corrupt_zip_and_missing_chat_rejected(tmp_path: Path) -> None:
    broken = tmp_path / "WhatsApp Chat - C.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(ImportRejected, match=r"byte 0: not a readable zip archive"):
        import_file(broken, ImportContext(locale="en_GB"))
    media = make_zip(tmp_path / "WhatsApp Chat - D.zip", {"a.jpg": b"x"})
    with pytest.raises(ImportRejected, match=r"expected one chat \.txt member, found: none"):
        import_file(media, ImportContext(locale="en_GB"))


def test_contact_event_field_order_is_the_one_fast_paths_build_by_position() -> None:
    """The SMS and WhatsApp importers make events with ``tuple.__new__`` in this order; a
    change here must change them too."""
    from foursight.core.events import ContactEvent

    assert ContactEvent._fields == (
        "event_id",
        "source_file_sha256",
        "source_locator",
        "channel",
        "direction",
        "counterpart_raw",
        "counterpart",
        "author_label",
        "ts_raw",
        "ts_utc",
        "tz_assumed",
        "ts_confidence",
        "body",
        "kind",
        "attachments",
        "withheld",
        "conversation",
        "duration_s",
        "meta",
        "parser",
    )
