"""SMS Backup & Restore (SyncTech, Android): ``sms-*.xml`` (SMS + MMS) and ``calls-*.xml``.

Streaming: the file is fed to lxml's pull parser in chunks and each record is cleared
once converted, so memory stays flat for backups of hundreds of megabytes. Surrogate
pairs written as two numeric references (``&#55357;&#56864;``, the app's "store emojis"
option) are recombined into one code point before the bytes reach the parser; any other
invalid character reference rejects the file with its line and column.

Quirks handled: the literal ``"null"`` means absent; MMS ``date`` is milliseconds but
``date_sent`` seconds; the MMS sender is the ``addr`` of ``type="137"``, not ``address``;
the SMIL part is layout and is not the body; media in ``data`` is base64 and is hashed;
every Android call type is kept, including rejected and blocked calls, and presentation
2 (restricted) or 3 (unknown) marks a call as withheld.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml import etree

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
    register,
)
from foursight.core.importers.timeutil import from_unix_ms

_CHUNK = 1 << 20
_HEAD = 1 << 16
_REF_PAIR = re.compile(rb"&#(x[0-9a-fA-F]{4}|[0-9]{5});&#(x[0-9a-fA-F]{4}|[0-9]{5});")
_TRAILING_REF = re.compile(rb"&#x?[0-9a-fA-F]{1,6};$")

_SMS_BOX = {
    "1": (Direction.IN, "inbox"),
    "2": (Direction.OUT, "sent"),
    "3": (Direction.OUT, "draft"),
    "4": (Direction.OUT, "outbox"),
    "5": (Direction.OUT, "failed"),
    "6": (Direction.OUT, "queued"),
}
_UNKNOWN_BOX = (Direction.UNKNOWN, "unknown")
_CALL_TYPE = {
    "1": (Direction.IN, EventKind.CALL_ANSWERED, "incoming"),
    "2": (Direction.OUT, EventKind.CALL_OUTGOING, "outgoing"),
    "3": (Direction.IN, EventKind.CALL_MISSED, "missed"),
    "4": (Direction.IN, EventKind.CALL_MISSED, "voicemail"),
    "5": (Direction.IN, EventKind.CALL_REJECTED, "rejected"),
    "6": (Direction.IN, EventKind.CALL_BLOCKED, "blocked"),
    "7": (Direction.IN, EventKind.CALL_ANSWERED, "answered_externally"),
}
_WITHHELD_PRESENTATION = {"2", "3"}
_WITHHELD_NUMBERS = {"", "-1", "-2", "-3", "private", "unknown", "withheld"}


def _code_point(ref: bytes) -> int:
    return int(ref[1:], 16) if ref[:1] == b"x" else int(ref)


def _join_pair(match: re.Match[bytes]) -> bytes:
    high, low = _code_point(match.group(1)), _code_point(match.group(2))
    if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
        joined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return b"&#%d;" % joined
    return match.group(0)


def join_surrogate_refs(data: bytes) -> bytes:
    """Recombine ``&#55357;&#56864;``-style surrogate pairs into ``&#128544;``."""
    if b"&#" not in data:
        return data
    return _REF_PAIR.sub(_join_pair, data)


def _split_safe(data: bytes) -> int:
    """Where to cut ``data`` so no character reference (or pair) straddles the cut."""
    cut = data.rfind(b"&", max(0, len(data) - 24))
    if cut == -1:
        return len(data)
    previous = _TRAILING_REF.search(data, max(0, cut - 10), cut)
    return previous.start() if previous else cut


class SmsBackupImporter(BaseImporter):
    id = "sms_backup"
    name = "SMS Backup & Restore XML (Android SMS, MMS and call log)"
    patterns = ("sms-*.xml", "calls-*.xml")
    version = "1"

    def sniff(self, head: bytes, name: str) -> bool:
        start = head[:4096]
        return b"<smses" in start or b"<calls" in start

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        parser = etree.XMLPullParser(
            events=("end",),
            tag=("sms", "mms", "call"),
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        head = src.stream.read(_HEAD)
        src.stream.seek(0)
        if b"<!DOCTYPE" in head.split(b"<smses", 1)[0].split(b"<calls", 1)[0]:
            line = head[: head.index(b"<!DOCTYPE")].count(b"\n") + 1
            raise src.reject(
                f"line {line}", "DOCTYPE declarations are not part of a backup (entities refused)"
            )
        counts: dict[str, int] = {"sms": 0, "mms": 0, "call": 0}
        root_name = ""
        pending = b""
        try:
            while True:
                chunk = src.stream.read(_CHUNK)
                data = pending + chunk
                cut = _split_safe(data) if chunk else len(data)
                pending = data[cut:]
                parser.feed(join_surrogate_refs(data[:cut]))
                for _, elem in parser.read_events():
                    tag = elem.tag
                    counts[tag] += 1
                    if not root_name:
                        root_name = elem.getparent().tag
                    locator = f"line {elem.sourceline} /{root_name}/{tag}[{counts[tag]}]"
                    if tag == "sms":
                        yield _sms(src, ctx, elem, locator)
                    elif tag == "mms":
                        yield _mms(src, ctx, elem, locator)
                    else:
                        yield _call(src, ctx, elem, locator)
                    elem.clear(keep_tail=False)
                    while elem.getprevious() is not None:
                        del elem.getparent()[0]
                if not chunk:
                    break
            root = parser.close()
        except etree.XMLSyntaxError as exc:
            line, column = exc.position
            raise src.reject(f"line {line}, column {column}", f"not valid XML: {exc.msg}") from exc
        if root.tag not in ("smses", "calls"):
            raise src.reject("line 1", f"root element <{root.tag}> is not <smses> or <calls>")
        declared = root.get("count")
        seen = sum(counts.values())
        if declared is not None and declared.isdigit() and int(declared) != seen:
            ctx.problem(
                src.name,
                "line 1",
                f"backup declares count={declared} but holds {seen} records "
                "(the export may be incomplete)",
            )


def _get(elem: Any, key: str) -> str:
    value = elem.get(key)
    return "" if value is None or value == "null" else str(value)


@lru_cache(maxsize=65536)
def _counterpart(raw: str, region: str) -> str:
    return normalise_counterpart(raw, region)


def _timestamp(src: OpenedSource, elem: Any, locator: str) -> tuple[str, Any]:
    raw = _get(elem, "date")
    try:
        return raw, from_unix_ms(int(raw))
    except (ValueError, OverflowError) as exc:
        raise src.reject(locator, f"date {raw!r} is not epoch milliseconds") from exc


def _contact(elem: Any, fallback: str) -> str:
    name = _get(elem, "contact_name")
    return fallback if not name or name == "(Unknown)" else name


def _meta(elem: Any, *keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k in keys if (v := _get(elem, k)))


def _sms(src: OpenedSource, ctx: ImportContext, elem: Any, locator: str) -> ContactEvent:
    # The hot path of a million-message backup: attribute reads are inlined on purpose.
    get = elem.get
    address = get("address") or ""
    if address == "null":
        address = ""
    ts_raw, ts_utc = _timestamp(src, elem, locator)
    direction, box = _SMS_BOX.get(get("type"), _UNKNOWN_BOX)
    counterpart = _counterpart(address, ctx.region)
    meta = [("box", box)]
    for key in ("contact_name", "date_sent", "readable_date"):
        value = get(key)
        if value and value != "null":
            meta.append((key, value))
    body = get("body") or ""
    return ContactEvent(
        event_id=src.event_id(locator),
        source_file_sha256=src.sha256,
        source_locator=locator,
        channel=Channel.SMS,
        direction=direction,
        counterpart_raw=address,
        counterpart=counterpart,
        author_label=_contact(elem, address) if direction is Direction.IN else "Me",
        ts_raw=ts_raw,
        ts_utc=ts_utc,
        tz_assumed="UTC",
        ts_confidence=TsConfidence.EXACT,
        body="" if body == "null" else body,
        kind=EventKind.MESSAGE,
        conversation=counterpart,
        meta=tuple(meta),
        parser=src.parser,
    )


def _mms(src: OpenedSource, ctx: ImportContext, elem: Any, locator: str) -> ContactEvent:
    ts_raw, ts_utc = _timestamp(src, elem, locator)
    direction, box = _SMS_BOX.get(_get(elem, "msg_box"), (Direction.UNKNOWN, "unknown"))
    senders = [_get(a, "address") for a in elem.iter("addr") if a.get("type") == "137"]
    recipients = [_get(a, "address") for a in elem.iter("addr") if a.get("type") == "151"]
    if direction is Direction.IN:
        raw = senders[0] if senders else _get(elem, "address")
        counterpart = _counterpart(raw, ctx.region)
    else:
        raw = "~".join(recipients) if recipients else _get(elem, "address")
        counterpart = "~".join(_counterpart(r, ctx.region) for r in raw.split("~"))
    texts: list[str] = []
    attachments: list[Attachment] = []
    for index, part in enumerate(elem.iter("part")):
        mime = _get(part, "ct")
        if mime == "application/smil":
            continue
        if mime == "text/plain":
            texts.append(_get(part, "text"))
            continue
        attachments.append(_part_attachment(src, ctx, part, f"{locator} part[{index + 1}]"))
    return src.event(
        locator,
        channel=Channel.MMS,
        direction=direction,
        counterpart_raw=raw,
        counterpart=counterpart,
        author_label=_contact(elem, raw) if direction is Direction.IN else "Me",
        ts_raw=ts_raw,
        ts_utc=ts_utc,
        tz_assumed="UTC",
        ts_confidence=TsConfidence.EXACT,
        body="\n".join(texts),
        kind=EventKind.MESSAGE,
        attachments=tuple(attachments),
        conversation=_counterpart(_get(elem, "address"), ctx.region),
        meta=(("box", box), *_meta(elem, "address", "contact_name", "date_sent", "readable_date")),
    )


def _part_attachment(src: OpenedSource, ctx: ImportContext, part: Any, locator: str) -> Attachment:
    name = _get(part, "name") or _get(part, "cl") or _get(part, "fn")
    data = _get(part, "data")
    digest: str | None = None
    size: int | None = None
    if data:
        try:
            content = base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            ctx.problem(src.name, locator, "attachment data is not valid base64", Severity.ERROR)
        else:
            digest, size = hashlib.sha256(content).hexdigest(), len(content)
    return Attachment(name=name, sha256=digest, mime=_get(part, "ct"), size=size)


def _call(src: OpenedSource, ctx: ImportContext, elem: Any, locator: str) -> ContactEvent:
    number = _get(elem, "number")
    ts_raw, ts_utc = _timestamp(src, elem, locator)
    call_type = _get(elem, "type")
    direction, kind, label = _CALL_TYPE.get(
        call_type, (Direction.UNKNOWN, EventKind.SYSTEM, f"type {call_type}")
    )
    if call_type not in _CALL_TYPE:
        ctx.problem(src.name, locator, f"unknown call type {call_type!r} kept as a system event")
    presentation = _get(elem, "presentation")
    withheld = presentation in _WITHHELD_PRESENTATION or number.lower() in _WITHHELD_NUMBERS
    counterpart = "" if withheld and number.lower() in _WITHHELD_NUMBERS else number
    counterpart = _counterpart(counterpart, ctx.region)
    duration = _get(elem, "duration")
    return src.event(
        locator,
        channel=Channel.CALL,
        direction=direction,
        counterpart_raw=number,
        counterpart=counterpart,
        author_label=_contact(elem, number) if direction is Direction.IN else "Me",
        ts_raw=ts_raw,
        ts_utc=ts_utc,
        tz_assumed="UTC",
        ts_confidence=TsConfidence.EXACT,
        body="",
        kind=kind,
        withheld=withheld,
        conversation=counterpart,
        duration_s=float(duration) if duration.isdigit() else None,
        meta=(
            ("call_type", label),
            *_meta(elem, "contact_name", "presentation", "readable_date"),
        ),
    )


register(SmsBackupImporter())
