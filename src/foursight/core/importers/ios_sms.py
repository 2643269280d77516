"""iOS ``sms.db`` (Messages) and ``CallHistory.storedata`` (calls), from an extraction or
an iTunes/Finder backup.

The database is opened read-only and immutable, so SQLite writes nothing (no journal,
no WAL checkpoint) next to the evidence. Message times are Cocoa epoch (2001-01-01 UTC)
in nanoseconds since iOS 11 and seconds before; call times are Cocoa seconds. When
``text`` is empty (iOS 16+), the body is read from ``attributedBody``, a typedstream
``NSAttributedString``, by byte length so multi-byte characters are never cut.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    Severity,
    TsConfidence,
)
from foursight.core.importers.base import (
    BaseImporter,
    ImportContext,
    OpenedSource,
    normalise_counterpart,
)
from foursight.core.importers.registry import register
from foursight.core.importers.timeutil import from_cocoa

_SQLITE_MAGIC = b"SQLite format 3\x00"


def decode_attributed_body(blob: bytes) -> str | None:
    """The plain text of a typedstream ``NSAttributedString`` blob, or ``None``.

    Layout after the class name ``NSString``: five bytes of type information ending in
    ``+``, then the length (one byte; ``0x81`` + 2 bytes or ``0x82`` + 4 bytes, little
    endian) and that many bytes of UTF-8.
    """
    start = blob.find(b"NSString")
    if start == -1:
        return None
    plus = blob.find(b"+", start + len(b"NSString"))
    if plus == -1:
        return None
    pos = plus + 1
    if pos >= len(blob):
        return None
    marker = blob[pos]
    if marker == 0x81:
        length, pos = int.from_bytes(blob[pos + 1 : pos + 3], "little"), pos + 3
    elif marker == 0x82:
        length, pos = int.from_bytes(blob[pos + 1 : pos + 5], "little"), pos + 5
    else:
        length, pos = marker, pos + 1
    raw = blob[pos : pos + length]
    if len(raw) != length:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


class IosSmsImporter(BaseImporter):
    id = "ios_sms"
    name = "iOS Messages sms.db and CallHistory.storedata (SQLite)"
    patterns = ("sms.db", "CallHistory.storedata", "*.sqlite")
    version = "1"

    def sniff(self, head: bytes, name: str) -> bool:
        return head.startswith(_SQLITE_MAGIC)

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        with contextlib.ExitStack() as stack:
            path = src.local_path(stack)
            try:
                db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                stack.callback(db.close)
                db.row_factory = sqlite3.Row
                tables = {
                    str(r[0])
                    for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
            except sqlite3.DatabaseError as exc:
                raise src.reject("byte 0", f"not a readable SQLite database ({exc})") from exc
            if not ({"message", "handle"} <= tables or "ZCALLRECORD" in tables):
                raise src.reject("schema", "neither an iOS sms.db nor a CallHistory database")
            try:
                if {"message", "handle"} <= tables:
                    yield from _messages(src, ctx, db, tables)
                if "ZCALLRECORD" in tables:
                    yield from _calls(src, ctx, db)
            except sqlite3.DatabaseError as exc:
                raise src.reject("database", f"corrupt or unexpected database ({exc})") from exc


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}


def _messages(
    src: OpenedSource, ctx: ImportContext, db: sqlite3.Connection, tables: set[str]
) -> Iterator[ContactEvent]:
    cols = _columns(db, "message")
    optional = [
        f"m.{c}" if c in cols else f"0 AS {c}"
        for c in ("date_edited", "date_retracted", "attributedBody")
    ]
    chat = (
        "(SELECT c.chat_identifier FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id"
        " WHERE j.message_id = m.ROWID ORDER BY c.ROWID LIMIT 1)"
        if {"chat", "chat_message_join"} <= tables
        else "''"
    )
    # Only fixed column names and subqueries are interpolated, never data.
    query = (
        "SELECT m.ROWID AS rowid, m.guid, m.text, m.service, m.date, m.is_from_me, h.id AS handle,"  # noqa: S608
        f" {', '.join(optional)}, {chat} AS chat FROM message m"
        " LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.ROWID"
    )
    with_attachments = {"attachment", "message_attachment_join"} <= tables
    for row in db.execute(query):
        locator = f"message ROWID {row['rowid']}"
        text = row["text"] or ""
        blob = row["attributedBody"]
        if not text and isinstance(blob, bytes) and blob:
            decoded = decode_attributed_body(blob)
            if decoded is None:
                ctx.problem(
                    src.name, locator, "attributedBody could not be decoded", Severity.ERROR
                )
            text = decoded or ""
        handle = str(row["handle"] or "")
        service = str(row["service"] or "")
        kind = EventKind.MESSAGE
        if row["date_retracted"]:
            kind = EventKind.DELETED
        elif row["date_edited"]:
            kind = EventKind.EDITED
        out = bool(row["is_from_me"])
        counterpart = normalise_counterpart(handle, ctx.region)
        attachments = _attachments(db, int(row["rowid"])) if with_attachments else ()
        yield src.event(
            locator,
            channel=Channel.IMESSAGE if service == "iMessage" else Channel.SMS,
            direction=Direction.OUT if out else Direction.IN,
            counterpart_raw=handle,
            counterpart=counterpart,
            author_label="Me" if out else handle,
            ts_raw=str(row["date"]),
            ts_utc=from_cocoa(int(row["date"] or 0)),
            tz_assumed="UTC",
            ts_confidence=TsConfidence.EXACT,
            body=text,
            kind=kind,
            attachments=attachments,
            conversation=str(row["chat"] or counterpart),
            meta=(("guid", str(row["guid"] or "")), ("service", service)),
        )


def _attachments(db: sqlite3.Connection, rowid: int) -> tuple[Attachment, ...]:
    rows = db.execute(
        "SELECT a.filename, a.transfer_name, a.mime_type, a.total_bytes FROM attachment a"
        " JOIN message_attachment_join j ON j.attachment_id = a.ROWID"
        " WHERE j.message_id = ? ORDER BY a.ROWID",
        (rowid,),
    )
    return tuple(
        Attachment(
            name=str(r["transfer_name"] or r["filename"] or ""),
            sha256=None,
            mime=str(r["mime_type"] or ""),
            size=int(r["total_bytes"]) if r["total_bytes"] is not None else None,
        )
        for r in rows
    )


_CALL_TYPES = {1: "phone", 8: "facetime_video", 16: "facetime_audio", 0: "third_party"}


def _address(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def _calls(src: OpenedSource, ctx: ImportContext, db: sqlite3.Connection) -> Iterator[ContactEvent]:
    for row in db.execute("SELECT * FROM ZCALLRECORD ORDER BY Z_PK"):
        locator = f"ZCALLRECORD Z_PK {row['Z_PK']}"
        address = _address(row["ZADDRESS"])
        out = bool(row["ZORIGINATED"])
        answered = bool(row["ZANSWERED"])
        if out:
            kind = EventKind.CALL_OUTGOING
        else:
            kind = EventKind.CALL_ANSWERED if answered else EventKind.CALL_MISSED
        counterpart = normalise_counterpart(address, ctx.region)
        call_type = _CALL_TYPES.get(int(row["ZCALLTYPE"] or 0), str(row["ZCALLTYPE"]))
        name = str(row["ZNAME"] or "")
        yield src.event(
            locator,
            channel=Channel.CALL,
            direction=Direction.OUT if out else Direction.IN,
            counterpart_raw=address,
            counterpart=counterpart,
            author_label="Me" if out else (name or address),
            ts_raw=repr(row["ZDATE"]),
            ts_utc=from_cocoa(float(row["ZDATE"] or 0)),
            tz_assumed="UTC",
            ts_confidence=TsConfidence.EXACT,
            body="",
            kind=kind,
            withheld=not address.strip(),
            conversation=counterpart,
            duration_s=float(row["ZDURATION"] or 0.0),
            meta=(("call_type", call_type), ("service", str(row["ZSERVICE_PROVIDER"] or ""))),
        )


register(IosSmsImporter())
