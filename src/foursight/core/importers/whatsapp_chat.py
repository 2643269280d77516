"""One WhatsApp chat's header lines to events, a batch at a time, column by column.

Split from :mod:`~foursight.core.importers.whatsapp`, which finds the chat (a ``.txt`` or
a zip member), settles the day/month order and finds the header lines; :class:`Chat`
turns them into events, remembering what repeats within a chat: the UTC offset of each
hour, the clock times, and what each author's name says about direction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from itertools import compress, repeat
from operator import add, lt
from zoneinfo import ZoneInfo

from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    TsConfidence,
)
from foursight.core.importers import whatsapp_text as wt
from foursight.core.importers.base import (
    Counterparts,
    ImportContext,
    Member,
    OpenedSource,
    fold_name,
)
from foursight.core.importers.timeutil import local_to_utc, steady_offset

#: Author labels the phone uses for the victim's own messages.
OWN_AUTHORS = frozenset({"You", "Du", "Vous", "Tú"})

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
        if self.ctx.is_own(author) or author in OWN_AUTHORS:
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


class Chat:
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
