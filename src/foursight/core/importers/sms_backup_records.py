"""SMS Backup & Restore records other than SMS: MMS (with their parts) and call-log entries.

Split from :mod:`~foursight.core.importers.sms_backup`, which reads the XML and builds SMS
events column by column; these records are fewer and built one at a time, by name. The
shared pieces (a record's flat attributes, the message boxes) live here too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from datetime import datetime

from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    Severity,
    TsConfidence,
)
from foursight.core.importers.base import ImportContext, OpenedSource, normalise_counterpart
from foursight.core.importers.timeutil import from_unix_ms

Attrs = dict[str, str]
Flat = list[str]
"""A start tag's attributes as expat gives them: ``[name1, value1, name2, value2, ...]``."""
Record = tuple[str, int, Flat, Sequence[tuple[str, Flat]]]
"""(tag, line, attributes, children): children are an MMS's ``part``/``addr`` elements."""


SMS_BOX = {
    "1": (Direction.IN, "inbox"),
    "2": (Direction.OUT, "sent"),
    "3": (Direction.OUT, "draft"),
    "4": (Direction.OUT, "outbox"),
    "5": (Direction.OUT, "failed"),
    "6": (Direction.OUT, "queued"),
}
UNKNOWN_BOX = (Direction.UNKNOWN, "unknown")
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


def as_dict(flat: Flat) -> Attrs:
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _get(attrib: Attrs, key: str) -> str:
    value = attrib.get(key)
    return "" if value is None or value == "null" else value


def _timestamp(src: OpenedSource, attrib: Attrs, locator: str) -> tuple[str, datetime]:
    raw = _get(attrib, "date")
    try:
        return raw, from_unix_ms(int(raw))
    except (ValueError, OverflowError) as exc:
        raise src.reject(locator, f"date {raw!r} is not epoch milliseconds") from exc


def _contact(attrib: Attrs, fallback: str) -> str:
    name = _get(attrib, "contact_name")
    return fallback if not name or name == "(Unknown)" else name


def _meta(attrib: Attrs, *keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k in keys if (v := _get(attrib, k)))


def mms_event(src: OpenedSource, ctx: ImportContext, record: Record, locator: str) -> ContactEvent:
    _, _, flat, flat_children = record
    attrib = as_dict(flat)
    children = [(tag, as_dict(a)) for tag, a in flat_children]
    ts_raw, ts_utc = _timestamp(src, attrib, locator)
    direction, box = SMS_BOX.get(_get(attrib, "msg_box"), UNKNOWN_BOX)
    addrs = [a for tag, a in children if tag == "addr"]
    senders = [_get(a, "address") for a in addrs if a.get("type") == "137"]
    recipients = [_get(a, "address") for a in addrs if a.get("type") == "151"]
    if direction is Direction.IN:
        raw = senders[0] if senders else _get(attrib, "address")
        counterpart = normalise_counterpart(raw, ctx.region)
    else:
        raw = "~".join(recipients) if recipients else _get(attrib, "address")
        counterpart = "~".join(normalise_counterpart(r, ctx.region) for r in raw.split("~"))
    texts: list[str] = []
    attachments: list[Attachment] = []
    parts = [a for tag, a in children if tag == "part"]
    for index, part in enumerate(parts):
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
        author_label=_contact(attrib, raw) if direction is Direction.IN else "Me",
        ts_raw=ts_raw,
        ts_utc=ts_utc,
        tz_assumed="UTC",
        ts_confidence=TsConfidence.EXACT,
        body="\n".join(texts),
        kind=EventKind.MESSAGE,
        attachments=tuple(attachments),
        conversation=normalise_counterpart(_get(attrib, "address"), ctx.region),
        meta=(
            ("box", box),
            *_meta(attrib, "address", "contact_name", "date_sent", "readable_date"),
        ),
    )


def _part_attachment(
    src: OpenedSource, ctx: ImportContext, part: Attrs, locator: str
) -> Attachment:
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


def call_event(src: OpenedSource, ctx: ImportContext, attrib: Attrs, locator: str) -> ContactEvent:
    number = _get(attrib, "number")
    ts_raw, ts_utc = _timestamp(src, attrib, locator)
    call_type = _get(attrib, "type")
    direction, kind, label = _CALL_TYPE.get(
        call_type, (Direction.UNKNOWN, EventKind.SYSTEM, f"type {call_type}")
    )
    if call_type not in _CALL_TYPE:
        ctx.problem(src.name, locator, f"unknown call type {call_type!r} kept as a system event")
    presentation = _get(attrib, "presentation")
    withheld = presentation in _WITHHELD_PRESENTATION or number.lower() in _WITHHELD_NUMBERS
    counterpart = "" if withheld and number.lower() in _WITHHELD_NUMBERS else number
    counterpart = normalise_counterpart(counterpart, ctx.region)
    duration = _get(attrib, "duration")
    return src.event(
        locator,
        channel=Channel.CALL,
        direction=direction,
        counterpart_raw=number,
        counterpart=counterpart,
        author_label=_contact(attrib, number) if direction is Direction.IN else "Me",
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
            *_meta(attrib, "contact_name", "presentation", "readable_date"),
        ),
    )
