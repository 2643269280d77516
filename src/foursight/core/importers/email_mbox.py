"""E-mail: single ``.eml`` files and ``.mbox`` mailboxes (Gmail Takeout included).

The mbox is split by its ``From `` separator lines while streaming, so each message's
line and byte position is known (that is its locator). ``>From `` quoting in bodies is
left as written. The event time is the sender-claimed ``Date:``; the server-observed time
of the top ``Received:`` header is kept in ``meta["received"]`` with the ids that matter
when attributing a new sender account (``Message-ID``, DKIM, Authentication-Results) and
Gmail's ``X-GM-THRID`` (thread, also the conversation) and ``X-Gmail-Labels``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

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

_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]{1,76}:[ \t]")
_KNOWN_HEADERS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"message-id:",
    b"received:",
    b"return-path:",
    b"mime-version:",
    b"delivered-to:",
)


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


class EmailImporter(BaseImporter):
    id = "email"
    name = "E-mail (.eml message or .mbox mailbox, Gmail Takeout)"
    patterns = ("*.eml", "*.mbox")
    version = "1"

    def sniff(self, head: bytes, name: str) -> bool:
        if head.startswith(b"From ") and b"\n" in head[:1000]:
            return True
        first = head[:2000].lower()
        return name.lower().endswith(".eml") or (
            _HEADER_LINE.match(head) is not None and sum(h in first for h in _KNOWN_HEADERS) >= 3
        )

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        first = src.stream.readline()
        src.stream.seek(0)
        if first.startswith(b"From "):
            for line, offset, data in _split_mbox(src):
                yield self._message(src, ctx, f"line {line} (byte {offset})", data)
            return
        if not _HEADER_LINE.match(first):
            raise src.reject("line 1", "neither an mbox 'From ' line nor an e-mail header")
        yield self._message(src, ctx, "line 1 (byte 0)", src.stream.read())

    def _message(
        self, src: OpenedSource, ctx: ImportContext, locator: str, data: bytes
    ) -> ContactEvent:
        msg = BytesParser(policy=policy.default).parsebytes(data)
        assert isinstance(msg, EmailMessage)
        for defect in msg.defects:
            ctx.problem(src.name, locator, f"e-mail defect: {type(defect).__name__}")
        sender = _addresses(msg, "From")
        recipients = _addresses(msg, "To")
        labels = [x.strip() for x in str(msg.get("X-Gmail-Labels", "")).split(",") if x.strip()]
        from_addr = sender[0] if sender else ""
        if ctx.is_own(from_addr) or (not ctx.own_identifiers and "Sent" in labels):
            direction = Direction.OUT
        elif ctx.own_identifiers or sender:
            direction = Direction.IN
        else:
            direction = Direction.UNKNOWN
        other = from_addr if direction is not Direction.OUT else ",".join(recipients)
        received = _top_received(msg)
        ts_raw = str(msg.get("Date", ""))
        ts = _date(ts_raw)
        confidence = TsConfidence.EXACT
        if ts is None:
            ts = received
            ts_raw = f"Received: {received.isoformat()}" if received else ""
            ctx.problem(src.name, locator, "no usable Date header; the server time is used")
        if ts is None:
            raise src.reject(locator, "message has neither a Date nor a Received time")
        if ts.tzinfo is None:
            ts, confidence = ts.replace(tzinfo=UTC), TsConfidence.LOCAL
        body, attachments = _content(src, ctx, msg, locator)
        meta = [("subject", str(msg.get("Subject", "")))]
        for key, header in (
            ("message_id", "Message-ID"),
            ("gmail_thread_id", "X-GM-THRID"),
            ("authentication_results", "Authentication-Results"),
        ):
            if msg.get(header):
                meta.append((key, str(msg[header])))
        if labels:
            meta.append(("gmail_labels", ",".join(labels)))
        if msg.get("DKIM-Signature"):
            meta.append(("dkim_signature", "present"))
        if received is not None:
            meta.append(("received", received.astimezone(UTC).isoformat()))
        thread = str(msg.get("X-GM-THRID", "")) or str(msg.get("Subject", ""))
        return src.event(
            locator,
            channel=Channel.EMAIL,
            direction=direction,
            counterpart_raw=other,
            counterpart=",".join(normalise_counterpart(a, ctx.region) for a in other.split(",")),
            author_label=str(msg.get("From", "")),
            ts_raw=ts_raw,
            ts_utc=ts.astimezone(UTC),
            tz_assumed="UTC" if confidence is TsConfidence.LOCAL else "",
            ts_confidence=confidence,
            body=body,
            kind=EventKind.MESSAGE,
            attachments=attachments,
            conversation=thread,
            meta=tuple(meta),
        )


def _addresses(msg: EmailMessage, header: str) -> list[str]:
    values = [str(v) for v in msg.get_all(header, [])]
    return [addr for _, addr in getaddresses(values) if addr]


def _top_received(msg: EmailMessage) -> datetime | None:
    received = msg.get_all("Received", [])
    if not received:
        return None
    return _date(str(received[0]).rsplit(";", 1)[-1].strip())


def _content(
    src: OpenedSource, ctx: ImportContext, msg: EmailMessage, locator: str
) -> tuple[str, tuple[Attachment, ...]]:
    part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if part is not None:
        try:
            body = str(part.get_content())
        except (LookupError, UnicodeError, AssertionError) as exc:
            ctx.problem(src.name, locator, f"body could not be decoded ({exc})", Severity.ERROR)
    attachments: list[Attachment] = []
    for item in msg.iter_attachments():
        payload = item.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        attachments.append(
            Attachment(
                name=item.get_filename() or "",
                sha256=hashlib.sha256(data).hexdigest(),
                mime=item.get_content_type(),
                size=len(data),
            )
        )
    return body, tuple(attachments)


def _split_mbox(src: OpenedSource) -> Iterator[tuple[int, int, bytes]]:
    """(line, byte offset, message bytes) for each message; ``From `` lines start one only
    at the start of the file or after an empty line."""
    start_line, start_offset = 1, 0
    buffer: list[bytes] = []
    offset, number, previous_blank = 0, 0, True
    for raw in src.stream:
        number += 1
        if raw.startswith(b"From ") and previous_blank:
            if number > 1:
                yield start_line, start_offset, _without_separator(buffer)
            start_line, start_offset, buffer = number, offset, []
        else:
            buffer.append(raw)
        previous_blank = raw in (b"\n", b"\r\n")
        offset += len(raw)
    yield start_line, start_offset, _without_separator(buffer)


def _without_separator(lines: list[bytes]) -> bytes:
    """Drop the one empty line mbox writes after each message."""
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)


register(EmailImporter())
