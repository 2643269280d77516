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
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from itertools import chain, compress, repeat
from operator import add, lt
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    Severity,
    TsConfidence,
)
from foursight.core.importers import whatsapp_text as wt
from foursight.core.importers.archive import open_zip
from foursight.core.importers.base import (
    BaseImporter,
    Counterparts,
    ImportContext,
    Member,
    OpenedSource,
    fold_name,
    register,
)
from foursight.core.importers.timeutil import local_to_utc, steady_offset, zone

_CHAT_NAME = re.compile(
    r"^WhatsApp[ -]Chat(?: with| mit| -| avec| con)? (?P<name>.+?)(?:\.txt|\.zip)$"
)
_OWN_AUTHORS = frozenset({"You", "Du", "Vous", "Tú"})


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
        if split and not (ctx.is_own(split[0]) or split[0] in _OWN_AUTHORS):
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
    chat = _Chat(src, ctx, order, tz, prefix, conversation, media)
    yield from chat.batches(text, starts)


_BATCH = 256  # headers per column-wise build: small enough to stay in the CPU cache


class _Clocks(dict[tuple[str, str], tuple[int, timedelta, TsConfidence]]):
    """Per header time and AM/PM marker: the hour, the time past the hour, and whether
    seconds were written (``local``) or not (``minute``)."""

    def __missing__(self, key: tuple[str, str]) -> tuple[int, timedelta, TsConfidence]:
        text, ampm = key
        hour, minute, second = wt.clock_time(text, ampm)
        clock_time(hour, minute, second)  # ValueError for 25:00 or 12:61
        seconds = text.count(":") + text.count(".") >= 2
        precision = TsConfidence.LOCAL if seconds else TsConfidence.MINUTE
        value = self[key] = (hour, timedelta(minutes=minute, seconds=second), precision)
        return value


class _HourStarts(dict[tuple[str, int], datetime | None]):
    """Per header date and hour: the UTC instant the local hour starts, when the whole
    hour has one UTC offset; ``None`` for an hour holding a DST change."""

    def __init__(self, order: str, tz: ZoneInfo) -> None:
        super().__init__()
        self.order, self.tz = order, tz

    def __missing__(self, key: tuple[str, int]) -> datetime | None:
        date, hour = key
        local = datetime(*wt.calendar_day(date, self.order), hour)  # ValueError for 31/02
        offset = steady_offset(local, self.tz)
        value = self[key] = None if offset is None else local.replace(tzinfo=UTC) - offset
        return value


class _Directions(dict[str, Direction]):
    """In or out for an attributed (non-system) line, by author, for one chat."""

    def __init__(self, ctx: ImportContext, conversation: str) -> None:
        super().__init__()
        self.ctx, self.conversation = ctx, conversation
        victim_known = bool(ctx.own_names or ctx.own_identifiers)
        self.default = Direction.IN if victim_known else Direction.UNKNOWN

    def __missing__(self, author: str) -> Direction:
        if self.ctx.is_own(author) or author in _OWN_AUTHORS:
            value = Direction.OUT
        elif self.conversation and fold_name(author) == fold_name(self.conversation):
            value = Direction.IN
        else:
            value = self.default
        self[author] = value
        return value


class _Speakers(dict[str, str]):
    """The author named before a line's first ``": "`` (``""`` when it names none)."""

    def __init__(self, *, ios: bool) -> None:
        super().__init__()
        self.ios = ios

    def __missing__(self, raw: str) -> str:
        value = self[raw] = wt.author_name(raw, ios=self.ios)
        return value


class _Chat:
    """Turns one chat's headers into events, remembering what repeats within a chat: the
    UTC offset of each hour, and what each author's name says about direction."""

    def __init__(
        self,
        src: OpenedSource,
        ctx: ImportContext,
        order: str,
        tz: ZoneInfo,
        prefix: str,
        conversation: str,
        media: dict[str, Member] | None,
    ) -> None:
        self.src, self.ctx, self.order, self.tz = src, ctx, order, tz
        self.prefix, self.conversation, self.media = prefix, conversation, media
        self.clocks = _Clocks()
        self.hour_starts = _HourStarts(order, tz)
        self.directions = _Directions(ctx, conversation)
        self.speakers = {True: _Speakers(ios=True), False: _Speakers(ios=False)}
        self.counterparts = Counterparts(ctx.region)
        self.platform = {True: (("platform", "ios"),), False: (("platform", "android"),)}

    def batches(self, text: str, headers: list[wt.Header]) -> Iterator[Iterable[ContactEvent]]:
        """Every message's event, in order, in batches. A message is its header line's rest plus every
        line up to the next header (or the end, less the file's final newline), exactly as
        written. Built a batch of headers at a time, column by column: chats run to
        hundreds of thousands of lines, and per-message Python work bounds the speed."""
        final_end = len(text) - 1 if text.endswith("\n") else len(text)
        for first in range(0, len(headers), _BATCH):
            batch = headers[first : first + _BATCH]
            after = first + _BATCH
            end = headers[after].offset - 1 if after < len(headers) else final_end
            yield self._batch(text, batch, end)

    def _batch(self, text: str, batch: list[wt.Header], last_end: int) -> Iterable[ContactEvent]:
        lines, dates, times, ampms, rests, ioss, offsets, rest_ends = zip(*batch, strict=True)
        ends = [offset - 1 for offset in offsets[1:]]
        ends.append(last_end)
        bodies = list(rests)
        for i in compress(range(len(batch)), map(lt, rest_ends, ends)):  # continuation lines
            bodies[i] = text[rest_ends[i] - len(rests[i]) : ends[i]]
        locators = list(map(f"{self.prefix}line {{}}".format, lines))
        stamps, confidences = self._times(batch, dates, times, ampms, locators)
        meanings = list(map(self._meaning, bodies, ioss, locators))
        directions, others, counterparts, authors, said, kinds, attachments = zip(
            *meanings, strict=True
        )
        src = self.src
        fields = zip(
            src.event_ids(locators),
            repeat(src.sha256),
            locators,
            repeat(Channel.WHATSAPP),
            directions,
            others,
            counterparts,
            authors,
            map("{}, {}".format, dates, times),
            stamps,
            repeat(self.ctx.tz_name),
            confidences,
            said,
            kinds,
            attachments,
            repeat(False),
            repeat(self.conversation),
            repeat(None),
            map(self.platform.__getitem__, ioss),
            repeat(src.parser),
            strict=False,
        )
        return map(tuple.__new__, repeat(ContactEvent), fields)

    def _times(
        self,
        batch: list[wt.Header],
        dates: Sequence[str],
        times: Sequence[str],
        ampms: Sequence[str],
        locators: list[str],
    ) -> tuple[list[datetime], list[TsConfidence]]:
        """Each header's local wall time in UTC and how sure that is, as ``local_to_utc``
        gives it: the start of its local hour in UTC plus the minutes past, or exactly in
        an hour holding a DST change."""
        try:
            clocks = list(map(self.clocks.__getitem__, zip(times, ampms, strict=True)))
            hours, past, confidences = (list(column) for column in zip(*clocks, strict=True))
            starts = list(map(self.hour_starts.__getitem__, zip(dates, hours, strict=True)))
        except ValueError:
            for header, locator in zip(batch, locators, strict=True):
                self.utc(header, locator)  # raises, naming the impossible date or time
            raise
        if None not in starts:
            return list(map(add, starts, past)), confidences
        stamps = []
        for i, (start, since) in enumerate(zip(starts, past, strict=True)):
            if start is None:
                stamp, confidences[i] = self.utc(batch[i], locators[i])
            else:
                stamp = start + since
            stamps.append(stamp)
        return stamps, confidences

    def utc(self, header: wt.Header, locator: str) -> tuple[datetime, TsConfidence]:
        """One header's time in UTC, exactly (``local_to_utc``); an impossible date or time
        rejects the file naming its line."""
        try:
            naive = wt.wall_time(header, self.order)
        except ValueError as exc:
            raise self.src.reject(
                locator, f"impossible date or time {header.date} {header.time}"
            ) from exc
        ts_utc, confidence = local_to_utc(naive, self.tz)
        if confidence is TsConfidence.LOCAL:
            confidence = self.clocks[header.time, header.ampm][2]
        return ts_utc, confidence

    def _meaning(
        self, rest: str, ios: bool, locator: str
    ) -> tuple[Direction, str, str, str, str, EventKind, tuple[Attachment, ...]]:
        """(direction, other party raw and normalised, author, body, kind, attachments)."""
        raw, found, said = rest.partition(": ")
        if found:
            author = self.speakers[ios][raw]
            if author and wt.is_plain(said):  # the common case: an ordinary message
                direction = self.directions[author]
                other = author if direction is Direction.IN else self.conversation
                return (
                    direction,
                    other,
                    self.counterparts[other],
                    author,
                    said,
                    EventKind.MESSAGE,
                    (),
                )
        split = wt.split_author(rest, ios=ios)
        author, body = split if split else ("", rest)
        reading = wt.read_body(body, attributed=split is not None)
        if reading.system:
            blocking = reading.kind in (EventKind.BLOCK, EventKind.UNBLOCK)
            direction = Direction.OUT if blocking else Direction.UNKNOWN
        else:
            direction = self.directions[author]
        other = author if direction is Direction.IN and not reading.system else self.conversation
        attachments: tuple[Attachment, ...] = ()
        if reading.attachment_name is not None:
            member = (self.media or {}).get(reading.attachment_name)
            attachments = (
                Attachment(
                    name=reading.attachment_name,
                    sha256=member.sha256 if member else None,
                    mime=reading.attachment_mime,
                    size=member.size if member else None,
                ),
            )
            if self.media is not None and reading.attachment_name and member is None:
                self.ctx.problem(
                    self.src.name, locator, f"attachment {reading.attachment_name!r} not in zip"
                )
        counterpart = self.counterparts[other]
        return direction, other, counterpart, author, reading.body, reading.kind, attachments


register(WhatsAppImporter())
