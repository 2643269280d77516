"""SMS Backup & Restore (SyncTech, Android): ``sms-*.xml`` (SMS + MMS) and ``calls-*.xml``.

Streaming and flat in memory: the file is fed in 64 KiB pieces to the standard library's
expat parser with a start-tag handler that only collects each record's attributes and the
line its start tag is on (no tree is built), so a backup of hundreds of megabytes never
sits in memory. A locator reads ``line 48213 /smses/sms[48000]``: the line to open in an
editor, and an XPath that ``xmllint --xpath`` resolves. Records are turned into events a
few hundred at a time, column by column (see :func:`_sms_events`): a million-message
backup is the common case, and per-record Python work is what bounds the speed.

A DOCTYPE (and with it any entity declaration) rejects the file: a backup never has one,
and refusing it closes the door on entity expansion and external entities.

Surrogate pairs written as two numeric references (``&#55357;&#56864;``, the app's "store
emojis" option) are recombined into one code point before the bytes reach the parser; any
other invalid character reference rejects the file with its line and column.

Quirks handled: the literal ``"null"`` means absent; MMS ``date`` is milliseconds but
``date_sent`` seconds; the MMS sender is the ``addr`` of ``type="137"``, not ``address``;
the SMIL part is layout and is not the body; media in ``data`` is base64 and is hashed;
every Android call type is kept, including rejected and blocked calls, and presentation
2 (restricted) or 3 (unknown) marks a call as withheld.
"""

from __future__ import annotations

import pyexpat
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import chain, groupby, repeat
from operator import eq, itemgetter, truediv
from typing import Any

from foursight.core.events import (
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    TsConfidence,
)
from foursight.core.importers.base import (
    BaseImporter,
    Counterparts,
    ImportContext,
    OpenedSource,
)
from foursight.core.importers.registry import register
from foursight.core.importers.sms_backup_records import (
    SMS_BOX,
    UNKNOWN_BOX,
    Attrs,
    Flat,
    Record,
    as_dict,
    call_event,
    mms_event,
)
from foursight.core.importers.timeutil import UNIX_EPOCH

_CHUNK = 1 << 16
_BATCH = 256  # records per column-wise build: small enough to stay in the CPU cache
_REF_PAIR = re.compile(rb"&#(x[0-9a-fA-F]{4}|[0-9]{5});&#(x[0-9a-fA-F]{4}|[0-9]{5});")
_TRAILING_REF = re.compile(rb"&#x?[0-9a-fA-F]{1,6};$")

_ABSENT: dict[str | None, str] = {None: "", "null": ""}

# Epoch milliseconds within +-2**32 s of 1970 convert exactly through a float (the error of
# ms / 1000 is under half a microsecond there); beyond that the integer path is used.
_FLOAT_EXACT_MS = (1 << 32) * 1000


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


class _DoctypeRefused(Exception):
    pass


class _Collector:
    """The expat start-tag handler: keeps each record's attributes and line.

    Only start tags are needed: an MMS is complete once the next record starts (or the
    document ends), so no end-tag callback is paid for on every SMS. The handler is a
    closure rather than a method: it runs once per element of a million-record file.
    """

    def __init__(self) -> None:
        self.parser = parser = pyexpat.ParserCreate()
        parser.ordered_attributes = True
        self.root: tuple[str, Attrs] | None = None
        self.records: list[Record] = []
        self.open_mms: list[tuple[str, Flat]] | None = None
        append, collector = self.records.append, self

        def start(tag: str, attrs: Flat) -> None:
            if tag == "sms" or tag == "call":
                append((tag, parser.CurrentLineNumber, attrs, ()))
                collector.open_mms = None
            elif tag == "mms":
                collector.open_mms = []
                append(("mms", parser.CurrentLineNumber, attrs, collector.open_mms))
            elif tag == "part" or tag == "addr":
                if collector.open_mms is not None:
                    collector.open_mms.append((tag, attrs))
            elif collector.root is None:
                collector.root = (tag, as_dict(attrs))

        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = self.doctype

    def doctype(self, *_: object) -> None:
        raise _DoctypeRefused

    def close(self) -> None:
        """Drop the handlers, which refer back to this collector."""
        self.parser.StartElementHandler = None
        self.parser.StartDoctypeDeclHandler = None

    def take(self, final: bool = False) -> list[Record]:
        """The records complete so far; an MMS still receiving parts waits, unless final."""
        keep = 1 if self.open_mms is not None and not final else 0
        cut = len(self.records) - keep
        ready = self.records[:cut]
        del self.records[:cut]
        return ready


class SmsBackupImporter(BaseImporter):
    id = "sms_backup"
    name = "SMS Backup & Restore XML (Android SMS, MMS and call log)"
    patterns = ("sms-*.xml", "calls-*.xml")
    # 2: expat; a record whose start tag spans lines is located at its first line
    version = "2"

    def sniff(self, head: bytes, name: str) -> bool:
        start = head[:4096]
        return b"<smses" in start or b"<calls" in start

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        # One Python generator frame per event, not one per layer: batches are flattened
        # by a C-level chain.
        return chain.from_iterable(self._batches(src, ctx))

    def _batches(self, src: OpenedSource, ctx: ImportContext) -> Iterator[Iterable[ContactEvent]]:
        collector = _Collector()
        parse, parser = collector.parser.Parse, collector.parser
        builder = _Builder(src, ctx)
        records, read, carry = collector.records, src.stream.read, b""
        try:
            while chunk := read(_CHUNK):
                data = carry + chunk if carry else chunk
                cut = _split_safe(data)
                data, carry = data[:cut], data[cut:]
                parse(join_surrogate_refs(data), False)
                if len(records) >= _BATCH:
                    yield builder.build(collector.root, collector.take())
            parse(join_surrogate_refs(carry), True)
        except _DoctypeRefused:
            raise src.reject(
                f"line {parser.CurrentLineNumber}",
                "DOCTYPE declarations are not part of a backup (entities refused)",
            ) from None
        except pyexpat.ExpatError as exc:
            raise src.reject(
                f"line {exc.lineno}, column {exc.offset + 1}",
                f"not valid XML: {pyexpat.ErrorString(exc.code)}",
            ) from exc
        finally:
            collector.close()
        yield builder.build(collector.root, collector.take(final=True))
        builder.finish(collector.root)


class _Builder:
    """Turns collected records into events, keeping the per-tag counts for the XPath."""

    def __init__(self, src: OpenedSource, ctx: ImportContext) -> None:
        self.src, self.ctx = src, ctx
        self.counts = {"sms": 0, "mms": 0, "call": 0}
        self.normalised = Counterparts(ctx.region)
        self.authors = _Authors()
        self.name_pairs = _Pairs("contact_name")
        self.layouts: dict[tuple[str, ...], Any] = {}

    def check_root(self, root: tuple[str, Attrs] | None) -> str:
        if root is None:
            raise self.src.reject("line 1", "no root element")
        if root[0] not in ("smses", "calls"):
            raise self.src.reject("line 1", f"root element <{root[0]}> is not <smses> or <calls>")
        return root[0]

    def build(
        self, root: tuple[str, Attrs] | None, records: list[Record]
    ) -> Iterable[ContactEvent]:
        """The events of ``records`` (consecutive, complete), in file order."""
        if not records:
            return ()
        root_name = self.check_root(root)
        built: list[Iterable[ContactEvent]] = []
        for tag, group in groupby(records, itemgetter(0)):
            run = list(group)
            first = self.counts[tag] + 1
            self.counts[tag] += len(run)
            locators = list(
                map(
                    f"line {{}} /{root_name}/{tag}[{{}}]".format,
                    map(itemgetter(1), run),
                    range(first, first + len(run)),
                )
            )
            if tag == "sms":
                built.append(_sms_events(self, run, locators))
            elif tag == "mms":
                built.append(
                    [
                        mms_event(self.src, self.ctx, r, loc)
                        for r, loc in zip(run, locators, strict=True)
                    ]
                )
            else:
                built.append(
                    [
                        call_event(self.src, self.ctx, as_dict(r[2]), loc)
                        for r, loc in zip(run, locators, strict=True)
                    ]
                )
        return chain.from_iterable(built)

    def finish(self, root: tuple[str, Attrs] | None) -> None:
        """After the last record: the root must be a backup's, and its count should hold."""
        self.check_root(root)
        declared = root[1].get("count") if root is not None else None
        seen = sum(self.counts.values())
        if declared is not None and declared.isdigit() and int(declared) != seen:
            self.ctx.problem(
                self.src.name,
                "line 1",
                f"backup declares count={declared} but holds {seen} records "
                "(the export may be incomplete)",
            )


class _Pairs(dict[str, tuple[str, str]]):
    """``(key, value)`` meta pairs for one key, made once per value."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def __missing__(self, value: str) -> tuple[str, str]:
        pair = self[value] = (self.key, value)
        return pair


_BOX_PAIRS = _Pairs("box")


def _column(attrs: Sequence[Attrs], key: str) -> list[str]:
    """One attribute of every record, ``""`` where it is absent or the literal "null"."""
    values = list(map(dict.get, attrs, repeat(key)))
    return list(map(_ABSENT.get, values, values))  # type: ignore[arg-type]


_SMS_KEYS = ("date", "address", "type", "contact_name", "date_sent", "readable_date", "body")
_NAMES = itemgetter(slice(None, None, 2))


def _sms_columns(attrs: list[Flat], layouts: dict[tuple[str, ...], Any]) -> list[list[str]]:
    """The ``_SMS_KEYS`` columns of a run, ``""`` where absent or "null".

    A backup writes every SMS with the same attributes in the same order, so when the run
    shares one layout the values are picked by position; otherwise by name.
    """
    first = attrs[0][::2]
    if all(map(eq, map(_NAMES, attrs), repeat(first))):
        layout = tuple(first)
        if layout not in layouts:
            found = all(key in layout for key in _SMS_KEYS)
            positions = [2 * layout.index(key) + 1 for key in _SMS_KEYS] if found else []
            layouts[layout] = itemgetter(*positions) if found else None
        pick = layouts[layout]
        if pick is not None:
            columns = [list(values) for values in zip(*map(pick, attrs), strict=True)]
            return [list(map(_ABSENT.get, c, c)) if "null" in c else c for c in columns]
    records = list(map(as_dict, attrs))
    return [_column(records, key) for key in _SMS_KEYS]


def _utc_from_ms(src: OpenedSource, raws: list[str], locators: list[str]) -> list[datetime]:
    """Epoch-millisecond strings to aware UTC datetimes, exactly; a bad one rejects the file
    naming its record."""
    try:
        millis = list(map(int, raws))
        if millis and max(map(abs, millis)) < _FLOAT_EXACT_MS:
            return list(
                map(datetime.fromtimestamp, map(truediv, millis, repeat(1000)), repeat(UTC))
            )
        return list(
            map(UNIX_EPOCH.__add__, map(timedelta, repeat(0), repeat(0), repeat(0), millis))
        )
    except (ValueError, OverflowError, OSError):
        pass
    for raw, locator in zip(raws, locators, strict=True):
        try:
            UNIX_EPOCH + timedelta(milliseconds=int(raw))
        except (ValueError, OverflowError) as exc:
            raise src.reject(locator, f"date {raw!r} is not epoch milliseconds") from exc
    raise src.reject(locators[0], "dates are not epoch milliseconds")  # pragma: no cover


class _Authors(dict[tuple[Direction, str, str], str]):
    """The sender label of an SMS by (direction, contact name, address), memoised: "Me"
    for the victim's own messages, else the contact name, or the address when the phone
    had no name for it."""

    def __missing__(self, key: tuple[Direction, str, str]) -> str:
        direction, name, address = key
        if direction is not Direction.IN:
            label = "Me"
        else:
            label = address if not name or name == "(Unknown)" else name
        self[key] = label
        return label


def _sms_meta(box: str, name: str, sent: str, readable: str) -> tuple[tuple[str, str], ...]:
    pairs = (("contact_name", name), ("date_sent", sent), ("readable_date", readable))
    return (("box", box), *(pair for pair in pairs if pair[1]))


def _sms_events(
    builder: _Builder, run: list[Record], locators: list[str]
) -> Iterable[ContactEvent]:
    """A run of consecutive SMS records to events, column by column.

    This is the hot path of a million-message backup, so each field is computed for the
    whole run with C-level ``map`` calls, and the events are made with ``tuple.__new__`` in
    ContactEvent's field order (a test pins that order). The result is the same as
    building each event by keyword; the tests compare the two.
    """
    src = builder.src
    attrs = list(map(itemgetter(2), run))
    n = len(attrs)
    ids = src.event_ids(locators)
    columns = _sms_columns(attrs, builder.layouts)
    dates, addresses, types, names, sent, readable, bodies = columns
    stamps = _utc_from_ms(src, dates, locators)
    counterparts = list(map(builder.normalised.__getitem__, addresses))
    boxes = list(map(SMS_BOX.get, types, repeat(UNKNOWN_BOX)))
    directions = list(map(itemgetter(0), boxes))
    who = zip(directions, names, addresses, strict=True)
    authors = list(map(builder.authors.__getitem__, who))
    labels = map(itemgetter(1), boxes)
    metas: Iterable[tuple[tuple[str, str], ...]]
    if all(names) and all(sent) and all(readable):  # the usual case: every pair present
        # pairs that repeat are shared, not rebuilt: fewer objects for the collector
        metas = zip(
            map(_BOX_PAIRS.__getitem__, labels),
            map(builder.name_pairs.__getitem__, names),
            zip(repeat("date_sent"), sent),
            zip(repeat("readable_date"), readable),
            strict=True,
        )
    else:
        metas = map(_sms_meta, labels, names, sent, readable)
    fields = zip(
        ids,
        repeat(src.sha256, n),
        locators,
        repeat(Channel.SMS),
        directions,
        addresses,
        counterparts,
        authors,
        dates,
        stamps,
        repeat("UTC"),
        repeat(TsConfidence.EXACT),
        bodies,
        repeat(EventKind.MESSAGE),
        repeat(()),
        repeat(False),
        counterparts,
        repeat(None),
        metas,
        repeat(src.parser),
        strict=False,
    )
    return map(tuple.__new__, repeat(ContactEvent), fields)


register(SmsBackupImporter())
