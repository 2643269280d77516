"""WhatsApp "Export chat" (Android and iOS), as a ``.txt`` or a ``.zip`` with media.

Every line of the export is kept: a header line starts an event and the lines after it,
up to the next header, are its body (joined with ``\\n``, unchanged). System lines are
events too (kind ``system``, ``block``, ``unblock``), including "You blocked this
contact", and iOS system lines attributed to the contact are not counted as messages
from them. Timestamps are local wall time: the day/month order comes from
``ctx.locale`` (or from dates that can only be read one way); a file whose every date
is ambiguous and whose locale is not given is rejected rather than guessed. In a zip
every member is hashed, and attachments named in the chat carry the hash of the member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import PurePosixPath

from foursight.core.events import (
    ContactEvent,
    Severity,
)
from foursight.core.importers import whatsapp_text as wt
from foursight.core.importers.archive import open_zip
from foursight.core.importers.base import (
    BaseImporter,
    ImportContext,
    Member,
    OpenedSource,
)
from foursight.core.importers.registry import register
from foursight.core.importers.timeutil import zone
from foursight.core.importers.whatsapp_chat import OWN_AUTHORS, Chat

_CHAT_NAME = re.compile(
    r"^WhatsApp[ -]Chat(?: with| mit| -| avec| con)? (?P<name>.+?)(?:\.txt|\.zip)$"
)


def conversation_name(file_name: str) -> str:
    """``"Sam K"`` from ``"WhatsApp Chat - Sam K.zip"`` or ``"WhatsApp Chat with Sam K.txt"``."""
    found = _CHAT_NAME.match(PurePosixPath(file_name).name)
    return found["name"] if found else ""


class WhatsAppImporter(BaseImporter):
    id = "whatsapp"
    name = "WhatsApp chat export (Android/iOS .txt or .zip)"
    patterns = ("WhatsApp Chat*.txt", "WhatsApp Chat*.zip", "_chat.txt")
    version = "1"

    def sniff(self, head: bytes, name: str) -> bool:
        if head.startswith(b"PK\x03\x04"):
            return "whatsapp" in name.lower() or b"_chat.txt" in head[:200]
        text = head[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff")
        lines = [line.rstrip("\r") for line in text.split("\n")[:5]]
        return any(wt.match_header(line, 0) for line in lines)

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        # Batches flattened by a C-level chain: one Python frame per event, not four.
        return chain.from_iterable(self._batches(src, ctx))

    def _batches(self, src: OpenedSource, ctx: ImportContext) -> Iterator[Iterable[ContactEvent]]:
        conversation = conversation_name(src.name)
        if src.stream.read(4) == b"PK\x03\x04":
            src.stream.seek(0)
            safe = open_zip(src, ctx)
            chat = _chat_member(src, safe.names)
            data = safe.read(chat)
            media = {
                PurePosixPath(m.name).name: m
                for m in ctx.members
                if m.container_sha256 == src.sha256 and m.name != chat
            }
            yield from _chat_batches(src, ctx, data, f"{chat} ", conversation, media)
            return
        src.stream.seek(0)
        yield from _chat_batches(src, ctx, src.stream.read(), "", conversation, None)


def _chat_member(src: OpenedSource, names: tuple[str, ...]) -> str:
    texts = [n for n in names if n.lower().endswith(".txt")]
    preferred = [
        n
        for n in texts
        if PurePosixPath(n).name == "_chat.txt" or PurePosixPath(n).name.startswith("WhatsApp Chat")
    ]
    candidates = preferred or texts
    if len(candidates) != 1:
        found = ", ".join(candidates) or "none"
        raise src.reject("central directory", f"expected one chat .txt member, found: {found}")
    return candidates[0]


def _decode(src: OpenedSource, data: bytes, prefix: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise src.reject(
            f"{prefix}line {line}, byte {exc.start}", "not UTF-8 text (is this a WhatsApp export?)"
        ) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise src.reject(f"{prefix}line {line}", "binary data (NUL bytes) in a chat export")
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _settle_order(
    src: OpenedSource, ctx: ImportContext, headers: list[wt.Header], prefix: str
) -> str:
    """Decide day/month order from the locale and the dates; reject when it cannot be told."""
    day_first: wt.Header | None = None
    month_first: wt.Header | None = None
    for header in headers:
        a, b, _ = wt.date_fields(header.date)
        if a > 31:
            continue
        if a > 12 and day_first is None:
            day_first = header
        if b > 12 and month_first is None:
            month_first = header
    if day_first and month_first:
        raise src.reject(
            f"{prefix}line {month_first.line}",
            f"dates read day-first on line {day_first.line} ({day_first.date}) but month-first "
            f"here ({month_first.date}); the file mixes date formats",
        )
    if ctx.locale:
        order = wt.order_for_locale(ctx.locale)
        clash = month_first if order == "dmy" else day_first
        if clash:
            raise src.reject(
                f"{prefix}line {clash.line}",
                f"date {clash.date} cannot be read in the order of locale {ctx.locale} "
                f"({'day/month' if order == 'dmy' else 'month/day'}); check the phone's locale",
            )
        return order
    if day_first or month_first:
        order = "dmy" if day_first else "mdy"
        evidence = day_first or month_first
        assert evidence is not None
        ctx.problem(
            src.name,
            f"{prefix}line {evidence.line}",
            f"no locale given; dates read {'day/month' if order == 'dmy' else 'month/day'} "
            f"because {evidence.date} can be read no other way",
            Severity.INFO,
        )
        return order
    if all(wt.date_fields(h.date)[0] > 31 for h in headers):
        return "dmy"
    raise src.reject(
        f"{prefix}line {headers[0].line}",
        "every date could be day/month or month/day (e.g. "
        f"{headers[0].date}); give the phone's locale (such as en_GB or en_US) to import it",
    )


def _only_other_author(
    src: OpenedSource, ctx: ImportContext, starts: list[wt.Header], prefix: str
) -> str:
    """The chat partner's name when the file name does not give it: the one author who is
    not the victim. Only when the victim's names are known; ``""`` otherwise."""
    if not (ctx.own_names or ctx.own_identifiers):
        return ""
    others: set[str] = set()
    for header in starts:
        split = wt.split_author(header.rest, ios=header.ios)
        if split and not (ctx.is_own(split[0]) or split[0] in OWN_AUTHORS):
            others.add(split[0])
    if len(others) != 1:
        return ""
    (name,) = others
    ctx.problem(
        src.name,
        f"{prefix}line {starts[0].line}",
        f"chat name not in the file name; taken as {name!r}, the only author who is not the victim",
        Severity.INFO,
    )
    return name


def _chat_batches(
    src: OpenedSource,
    ctx: ImportContext,
    data: bytes,
    prefix: str,
    conversation: str,
    media: dict[str, Member] | None,
) -> Iterator[Iterable[ContactEvent]]:
    text = _decode(src, data, prefix)
    if text in ("", "\n"):
        raise src.reject(f"{prefix}line 1", "the chat export is empty")
    starts = wt.find_headers(text)
    if not starts:
        raise src.reject(f"{prefix}line 1", "no WhatsApp message header found; unknown format")
    order = _settle_order(src, ctx, starts, prefix)
    tz = zone(ctx.tz_name)
    if not conversation:
        conversation = _only_other_author(src, ctx, starts, prefix)
    if starts[0].line > 1:
        ctx.problem(
            src.name,
            f"{prefix}lines 1-{starts[0].line - 1}",
            "text before the first message header (kept here, not as an event): "
            + text[: starts[0].offset - 1],
            Severity.ERROR,
        )
    chat = Chat(src, ctx, order, tz, prefix, conversation, media)
    yield from chat.batches(text, starts)


register(WhatsAppImporter())
