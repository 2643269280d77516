"""Google Takeout Voice: one XHTML file per conversation or call in ``Takeout/Voice/Calls/``.

Text messages are ``div.message`` elements with the time in ``abbr.dt[title]`` (ISO 8601
with an offset, so exact) and the sender in ``cite.sender a.tel[href]``; the account owner
appears as "Me". Calls are ``div.haudio`` with ``abbr.published[title]`` and
``abbr.duration[title]`` (ISO 8601 duration). Labels (``Missed``, ``Text`` ...) come from
``div.tags``. The format is undocumented; this follows the Takeout files as produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from lxml import etree, html

from foursight.core.events import Channel, ContactEvent, Direction, EventKind, TsConfidence
from foursight.core.importers.base import (
    BaseImporter,
    ImportContext,
    OpenedSource,
    normalise_counterpart,
)
from foursight.core.importers.registry import register

_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")
_CALL_KIND = {
    "missed": EventKind.CALL_MISSED,
    "received": EventKind.CALL_ANSWERED,
    "placed": EventKind.CALL_OUTGOING,
    "voicemail": EventKind.CALL_MISSED,
}


def _classes(elem: Any) -> set[str]:
    return set(str(elem.get("class") or "").split())


def _find(elem: Any, tag: str, cls: str) -> Any:
    for found in elem.iter(tag):
        if cls in _classes(found):
            return found
    return None


class GoogleVoiceImporter(BaseImporter):
    id = "google_voice"
    name = "Google Takeout Voice (XHTML per conversation or call)"
    patterns = ("Takeout/Voice/Calls/*.html",)
    version = "1"

    def sniff(self, head: bytes, name: str) -> bool:
        return b"hChatLog" in head or (b"haudio" in head and b"published" in head)

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        data = src.stream.read()
        try:
            text = data.decode("utf-8")
            root = html.document_fromstring(text)
        except (UnicodeDecodeError, etree.ParserError, ValueError) as exc:
            raise src.reject("byte 0", f"not a readable Voice HTML file ({exc})") from exc
        title = root.findtext(".//title") or ""
        labels = [a.text_content().strip() for a in root.iter("a") if a.get("rel") == "tag"]
        blocks = [e for e in root.iter("div") if _classes(e) & {"message", "haudio"}]
        if not blocks:
            raise src.reject("line 1", "no Voice message or call in the file")
        for number, block in enumerate(blocks, start=1):
            yield _event(src, ctx, block, number, title.strip(), labels)


def _event(
    src: OpenedSource, ctx: ImportContext, block: Any, number: int, title: str, labels: list[str]
) -> ContactEvent:
    call = "haudio" in _classes(block)
    locator = f"line {block.sourceline} div[{number}]"
    stamp = _find(block, "abbr", "published" if call else "dt")
    ts_raw = str(stamp.get("title") or "") if stamp is not None else ""
    try:
        ts_utc = datetime.fromisoformat(ts_raw)
    except ValueError as exc:
        raise src.reject(locator, f"unreadable time {ts_raw!r}") from exc
    if ts_utc.tzinfo is None:
        raise src.reject(locator, f"time {ts_raw!r} has no offset")
    tel = _find(block, "a", "tel")
    phone = str(tel.get("href") or "").removeprefix("tel:") if tel is not None else ""
    name_el = _find(block, "abbr", "fn")
    author = name_el.text_content().strip() if name_el is not None else ""
    own = author == "Me" or ctx.is_own(phone)
    quote = block.find(".//q")
    body = quote.text_content() if quote is not None else ""
    duration = None
    if call:
        label = next((lb.lower() for lb in labels if lb.lower() in _CALL_KIND), "")
        kind = _CALL_KIND.get(label, EventKind.CALL_ANSWERED)
        own = kind is EventKind.CALL_OUTGOING
        span = _find(block, "abbr", "duration")
        match = _DURATION.match(str(span.get("title") or "")) if span is not None else None
        if match:
            h, m, s = (float(g) if g else 0.0 for g in match.groups())
            duration = h * 3600 + m * 60 + s
    else:
        kind = EventKind.MESSAGE
    counterpart = normalise_counterpart(phone, ctx.region)
    return src.event(
        locator,
        channel=Channel.VOICE,
        direction=Direction.OUT if own else Direction.IN,
        counterpart_raw=title if own else phone,
        counterpart=normalise_counterpart(title, ctx.region) if own else counterpart,
        author_label=author,
        ts_raw=ts_raw,
        ts_utc=ts_utc.astimezone(UTC),
        tz_assumed="",
        ts_confidence=TsConfidence.EXACT,
        body=body,
        kind=kind,
        withheld=call and not phone,
        conversation=title,
        duration_s=duration,
        meta=(("labels", ",".join(labels)),),
    )


register(GoogleVoiceImporter())
