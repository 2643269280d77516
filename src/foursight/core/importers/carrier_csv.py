"""Carrier itemised bills and call-data records as CSV, read through a column mapping.

Layouts differ by network and by product, so nothing is guessed: a :class:`ColumnMapping`
names the columns and gives explicit ``strptime`` formats (so ``12/03/2024`` is read in
the stated order). Named presets cover common layouts and are chosen when the header
matches one exactly; any other layout needs a custom mapping
(``CarrierCsvImporter(mapping)`` or :func:`mapping_from_dict`). Records hold no content:
an SMS is an empty-bodied message event. ``Withheld`` or blank numbers mark a withheld
presentation. An incoming call of zero duration is recorded as missed, and says so.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from zoneinfo import ZoneInfo

from foursight.core.events import Channel, ContactEvent, Direction, EventKind, TsConfidence
from foursight.core.importers.base import (
    BaseImporter,
    ImportContext,
    OpenedSource,
    normalise_counterpart,
)
from foursight.core.importers.registry import register
from foursight.core.importers.timeutil import local_to_utc, zone
from foursight.errors import ImportRejected


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds what, and how to read it. ``time`` is ``None`` when the date
    column holds date and time together (``date_format`` then covers both)."""

    name: str
    date: str
    date_format: str
    number: str
    time: str | None = None
    time_format: str = "%H:%M:%S"
    direction: str | None = None
    type: str | None = None
    duration: str | None = None
    incoming: frozenset[str] = frozenset({"incoming", "in", "received", "inbound"})
    outgoing: frozenset[str] = frozenset({"outgoing", "out", "sent", "dialled", "outbound"})
    sms: frozenset[str] = frozenset({"sms", "text", "mms", "message"})
    withheld: frozenset[str] = frozenset({"", "withheld", "private", "unknown", "restricted"})
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    extra: tuple[str, ...] = field(default=())

    def columns(self) -> set[str]:
        named = (self.date, self.number, self.time, self.direction, self.type, self.duration)
        return {c for c in named if c} | set(self.extra)


PRESETS: dict[str, ColumnMapping] = {
    "uk_itemised": ColumnMapping(
        name="uk_itemised",
        date="Date",
        date_format="%d/%m/%Y",
        time="Time",
        number="Number",
        direction="Direction",
        type="Type",
        duration="Duration",
        extra=("Cost",),
    ),
    "iso_timestamp": ColumnMapping(
        name="iso_timestamp",
        date="Timestamp",
        date_format="%Y-%m-%d %H:%M:%S",
        number="Other party",
        direction="Direction",
        type="Type",
        duration="Duration (s)",
    ),
}


def mapping_from_dict(values: Mapping[str, object]) -> ColumnMapping:
    """A :class:`ColumnMapping` from plain data (a form or a JSON settings file); lists of
    values become sets. Unknown keys are refused."""
    known = {f.name for f in fields(ColumnMapping)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ImportRejected(f"unknown column-mapping keys: {', '.join(unknown)}")
    args: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, list | tuple | set | frozenset) and key != "extra":
            args[key] = frozenset(str(v).lower() for v in value)
        elif key == "extra" and isinstance(value, list | tuple):
            args[key] = tuple(str(v) for v in value)
        else:
            args[key] = value
    try:
        return ColumnMapping(**args)  # type: ignore[arg-type]
    except TypeError as exc:
        raise ImportRejected(f"incomplete column mapping: {exc}") from exc


def parse_duration(text: str) -> float | None:
    """Seconds from ``"75"``, ``"01:15"`` (mm:ss) or ``"0:01:15"`` (h:mm:ss); ``None`` if blank."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if len(parts) > 3 or not all(p.replace(".", "", 1).isdigit() for p in parts):
        raise ValueError(f"unreadable duration {text!r}")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


class CarrierCsvImporter(BaseImporter):
    id = "carrier_csv"
    name = "Carrier itemised bill / call records (CSV, column mapping)"
    patterns = ("itemised*.csv", "*.csv")
    version = "1"

    def __init__(self, mapping: ColumnMapping | None = None) -> None:
        self.mapping = mapping

    def sniff(self, head: bytes, name: str) -> bool:
        first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="ignore").strip("\r")
        try:
            header = {c.strip() for c in next(csv.reader([first]), [])}
        except csv.Error:
            return False
        mappings = [self.mapping] if self.mapping else list(PRESETS.values())
        return any(m.columns() == header for m in mappings)

    def events(self, src: OpenedSource, ctx: ImportContext) -> Iterator[ContactEvent]:
        reader = csv.reader(
            self._decoded_lines(src), delimiter=self.mapping.delimiter if self.mapping else ","
        )
        try:
            try:
                header = [c.strip() for c in next(reader)]
            except StopIteration:
                raise src.reject("line 1", "no header row") from None
            mapping = self._mapping_for(src, header)
            index = {name: i for i, name in enumerate(header)}
            tz = zone(ctx.tz_name)
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                locator = f"line {reader.line_num}"
                if len(row) != len(header):
                    raise src.reject(
                        locator, f"{len(row)} fields where the header has {len(header)}"
                    )
                cells = {name: row[i].strip() for name, i in index.items()}
                yield _event(src, ctx, mapping, cells, locator, tz)
        except csv.Error as exc:
            raise src.reject(f"line {reader.line_num}", f"malformed CSV ({exc})") from exc

    def _decoded_lines(self, src: OpenedSource) -> Iterator[str]:
        """Decode line by line so an encoding error names its line and byte."""
        encoding = self._encoding()
        offset = 0
        for number, raw in enumerate(src.stream, start=1):
            try:
                yield raw.decode(encoding if number == 1 else encoding.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                raise src.reject(
                    f"line {number}, byte {offset + exc.start}",
                    f"not {encoding} text; give the encoding in the column mapping",
                ) from exc
            offset += len(raw)

    def _encoding(self) -> str:
        return self.mapping.encoding if self.mapping else "utf-8-sig"

    def _mapping_for(self, src: OpenedSource, header: list[str]) -> ColumnMapping:
        if self.mapping is not None:
            missing = sorted(self.mapping.columns() - set(header))
            if missing:
                raise src.reject("line 1", f"columns missing for the mapping: {', '.join(missing)}")
            return self.mapping
        for preset in PRESETS.values():
            if preset.columns() == set(header):
                return preset
        raise src.reject(
            "line 1",
            f"no preset matches the columns {header}; give a custom column mapping",
        )


def _event(
    src: OpenedSource,
    ctx: ImportContext,
    mapping: ColumnMapping,
    cells: dict[str, str],
    locator: str,
    tz: ZoneInfo,
) -> ContactEvent:
    ts_raw = cells[mapping.date] + (f" {cells[mapping.time]}" if mapping.time else "")
    fmt = mapping.date_format + (f" {mapping.time_format}" if mapping.time else "")
    try:
        naive = datetime.strptime(ts_raw, fmt)
        duration = parse_duration(cells[mapping.duration]) if mapping.duration else None
    except ValueError as exc:
        raise src.reject(locator, str(exc)) from exc
    ts_utc, confidence = local_to_utc(naive, tz)
    if confidence is TsConfidence.LOCAL and "%S" not in fmt:
        confidence = TsConfidence.MINUTE
    way = cells[mapping.direction].lower() if mapping.direction else ""
    direction = (
        Direction.IN
        if way in mapping.incoming
        else Direction.OUT
        if way in mapping.outgoing
        else Direction.UNKNOWN
    )
    record_type = cells[mapping.type] if mapping.type else ""
    meta = [("record_type", record_type), ("mapping", mapping.name)]
    if record_type.lower() in mapping.sms:
        kind = EventKind.MESSAGE
    elif direction is Direction.OUT:
        kind = EventKind.CALL_OUTGOING
    elif duration:
        kind = EventKind.CALL_ANSWERED
    else:
        kind = EventKind.CALL_MISSED
        meta.append(("kind_basis", "incoming call with zero or no duration"))
    number = cells[mapping.number]
    withheld = number.lower() in mapping.withheld
    counterpart = "" if withheld else normalise_counterpart(number, ctx.region)
    meta.extend((name.lower(), cells[name]) for name in mapping.extra if cells.get(name))
    return src.event(
        locator,
        channel=Channel.CARRIER,
        direction=direction,
        counterpart_raw=number,
        counterpart=counterpart,
        author_label="Me" if direction is Direction.OUT else number,
        ts_raw=ts_raw,
        ts_utc=ts_utc,
        tz_assumed=ctx.tz_name,
        ts_confidence=confidence,
        body="",
        kind=kind,
        withheld=withheld,
        conversation=counterpart,
        duration_s=duration,
        meta=tuple(meta),
    )


register(CarrierCsvImporter())
