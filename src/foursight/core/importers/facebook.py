"""Facebook Messenger and Instagram "Download your information" JSON (``message_N.json``).

Meta writes every string as UTF-8 bytes escaped as Latin-1 code points (``I\\u00e2\\u0080
\\u0099m`` for ``I\u2019m``); each string is repaired with ``encode("latin-1").decode("utf-8")``
and left as it is when that is not possible (it was not double-encoded). Messages are
listed newest first; events come out oldest first, and each keeps its original position
(``messages[i]``) as its locator. There are no stable user ids, only display names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    TsConfidence,
)
from foursight.core.importers.base import (
    BaseImporter,
    ImportContext,
    OpenedSource,
    fold_name,
)
from foursight.core.importers.registry import register
from foursight.core.importers.timeutil import from_unix_ms
from foursight.core.importers.whatsapp_text import mime_for

_MEDIA_KEYS = (
    ("photos", "image/*"),
    ("videos", "video/*"),
    ("audio_files", "audio/*"),
    ("files", ""),
    ("gifs", "image/gif"),
)


def repair_mojibake(value: Any) -> Any:
    """Undo Meta's Latin-1 escaping of UTF-8 in every string of a parsed JSON value."""
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, list):
        return [repair_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: repair_mojibake(v) for k, v in value.items()}
    return value


class MetaMessagesImporter(BaseImporter):
    """Shared by Facebook and Instagram; they differ only in channel and file location."""

    channel = Channel.FB

    def sniff(self, head: bytes, name: str) -> bool:
        if not name.lower().endswith(".json"):
            return False
        start = head[:4096]
        looks = b'"participants"' in start and (b'"messages"' in start or b'"sender_name"' in start)
        return looks and (("instagram" in name.lower()) == (self.channel is Channel.IG))

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        data = src.stream.read()
        try:
            doc = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise src.reject(f"byte {exc.start}", "not UTF-8 JSON") from exc
        except json.JSONDecodeError as exc:
            raise src.reject(f"line {exc.lineno}, column {exc.colno}", exc.msg) from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
            raise src.reject("top level", "no 'messages' list: not a Meta messages export")
        doc = repair_mojibake(doc)
        title = str(doc.get("title") or "")
        messages: list[tuple[int, dict[str, Any]]] = list(enumerate(doc["messages"]))
        for index, message in messages:
            if not isinstance(message, dict) or not isinstance(message.get("timestamp_ms"), int):
                raise src.reject(f"messages[{index}]", "message without an integer timestamp_ms")
        if len(messages) > 1 and messages[0][1]["timestamp_ms"] >= messages[-1][1]["timestamp_ms"]:
            messages.reverse()
        messages.sort(key=lambda item: int(item[1]["timestamp_ms"]))
        for index, message in messages:
            yield self._event(src, ctx, index, message, title)

    def _event(
        self, src: OpenedSource, ctx: ImportContext, index: int, msg: dict[str, Any], title: str
    ) -> ContactEvent:
        sender = str(msg.get("sender_name") or "")
        if ctx.is_own(sender):
            direction = Direction.OUT
        elif title and fold_name(sender) == fold_name(title):
            direction = Direction.IN
        else:
            direction = Direction.IN if ctx.own_names or ctx.own_identifiers else Direction.UNKNOWN
        other = sender if direction is Direction.IN else title
        kind = EventKind.MESSAGE
        meta: list[tuple[str, str]] = []
        if msg.get("is_unsent"):
            kind = EventKind.DELETED
        if "call_duration" in msg:
            duration = int(msg.get("call_duration") or 0)
            kind = EventKind.CALL_ANSWERED if duration > 0 else EventKind.CALL_MISSED
        share = msg.get("share")
        if isinstance(share, dict) and share.get("link"):
            meta.append(("share_link", str(share["link"])))
        reactions = msg.get("reactions")
        if isinstance(reactions, list) and reactions:
            meta.append(("reactions", json.dumps(reactions, ensure_ascii=False, sort_keys=True)))
        return src.event(
            f"messages[{index}]",
            channel=self.channel,
            direction=direction,
            counterpart_raw=other,
            counterpart=other,
            author_label=sender,
            ts_raw=str(msg["timestamp_ms"]),
            ts_utc=from_unix_ms(int(msg["timestamp_ms"])),
            tz_assumed="UTC",
            ts_confidence=TsConfidence.EXACT,
            body=str(msg.get("content") or ""),
            kind=kind,
            attachments=_attachments(msg),
            conversation=title,
            duration_s=float(msg["call_duration"]) if "call_duration" in msg else None,
            meta=tuple(meta),
        )


def _attachments(msg: dict[str, Any]) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    for key, family in _MEDIA_KEYS:
        for item in msg.get(key) or []:
            uri = str(item.get("uri") or "") if isinstance(item, dict) else ""
            mime = mime_for(uri)
            found.append(
                Attachment(
                    uri, None, mime if mime != "application/octet-stream" else family or mime, None
                )
            )
    sticker = msg.get("sticker")
    if isinstance(sticker, dict) and sticker.get("uri"):
        found.append(Attachment(str(sticker["uri"]), None, "image/png", None))
    return tuple(found)


class FacebookImporter(MetaMessagesImporter):
    id = "facebook"
    name = "Facebook Messenger JSON (Download your information)"
    patterns = ("message_*.json",)
    version = "1"
    channel = Channel.FB


class InstagramImporter(MetaMessagesImporter):
    id = "instagram"
    name = "Instagram messages JSON (Download your information)"
    patterns = ("*instagram*/**/message_*.json",)
    version = "1"
    channel = Channel.IG


register(FacebookImporter())
register(InstagramImporter())
