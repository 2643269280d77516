"""Carrier CSV: the preset layout, a custom mapping, and malformed rows."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import Channel, ContactEvent, TsConfidence
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.core.importers.carrier_csv import (
    CarrierCsvImporter,
    mapping_from_dict,
    parse_duration,
)
from foursight.errors import ImportRejected

GERMAN = {
    "name": "de_custom",
    "date": "Datum",
    "time": "Uhrzeit",
    "date_format": "%Y-%m-%d",
    "time_format": "%H:%M",
    "number": "Rufnummer",
    "direction": "Richtung",
    "type": "Art",
    "duration": "Dauer",
    "incoming": ["eingehend"],
    "outgoing": ["ausgehend"],
    "sms": ["SMS"],
    "withheld": ["", "unterdrückt"],
    "delimiter": ";",
}

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]


def test_itemised_fixture(evidence: Path, view: View) -> None:
    path = evidence / "itemised_2024-03.csv"
    assert detect(path).id == "carrier_csv"
    events = import_file(path, ImportContext())
    assert view(events) == [
        ("line 2", "in", "call_missed", "+447911123456", "2024-03-12T21:10:02Z", ""),
        ("line 3", "in", "call_missed", "", "2024-03-13T02:00:00Z", ""),
        ("line 4", "in", "message", "+447700900456", "2024-03-13T02:05:41Z", ""),
    ]
    assert [e.withheld for e in events] == [False, True, False]
    assert [e.duration_s for e in events] == [0.0, 0.0, None]
    assert {e.channel for e in events} == {Channel.CARRIER}
    assert {e.ts_confidence for e in events} == {TsConfidence.LOCAL}
    assert dict(events[0].meta) == {
        "record_type": "Voice",
        "mapping": "uk_itemised",
        "cost": "0.00",
        "kind_basis": "incoming call with zero or no duration",
    }
    assert events[0].ts_raw == "12/03/2024 21:10:02"


def test_custom_mapping(evidence: Path, view: View) -> None:
    importer = CarrierCsvImporter(mapping_from_dict(GERMAN))
    ctx = ImportContext(tz_name="Europe/Berlin", region="DE")
    events = list(importer.parse(evidence / "cdr-custom-mapping.csv", ctx))
    assert view(events) == [
        ("line 2", "in", "call_answered", "+4915123456789", "2024-03-12T21:10:00Z", ""),
        ("line 3", "out", "call_outgoing", "+4915123456789", "2024-03-12T21:12:00Z", ""),
        ("line 4", "in", "message", "", "2024-03-12T21:15:00Z", ""),
    ]
    assert [e.duration_s for e in events] == [75.0, 65.0, None]
    assert [e.withheld for e in events] == [False, False, True]
    assert {e.ts_confidence for e in events} == {TsConfidence.MINUTE}
    with pytest.raises(ImportRejected, match=r"no preset matches the columns"):
        import_file(evidence / "cdr-custom-mapping.csv", ImportContext(), "carrier_csv")


def test_durations() -> None:
    assert [parse_duration(t) for t in ("", "75", "01:15", "1:00:05")] == [None, 75, 75, 3605]
    with pytest.raises(ValueError, match="unreadable duration"):
        parse_duration("1m")


def test_mapping_keys_checked() -> None:
    with pytest.raises(ImportRejected, match="unknown column-mapping keys: colour"):
        mapping_from_dict({"colour": "red"})
    with pytest.raises(ImportRejected, match="incomplete column mapping"):
        mapping_from_dict({"name": "x"})


HEADER = "Date,Time,Type,Direction,Number,Duration,Cost\n"
BAD = [
    (HEADER + "31/02/2024,10:00:00,Voice,Incoming,07911123456,00:10,0\n", "line 2: "),
    (HEADER + "12/03/2024,10:00:00,Voice,Incoming\n", "line 2: 4 fields where the header has 7"),
    (HEADER + "12/03/2024,10:00:00,Voice,Incoming,07911123456,ten,0\n", "line 2: unreadable"),
    (HEADER + '12/03/2024,10:00:00,Voice,"Incoming\n', "line 2: "),
]


@pytest.mark.parametrize(("text", "where"), BAD)
def test_bad_rows_rejected(text: str, where: str) -> None:
    stream = io.BytesIO(text.encode())
    stream.name = "bill.csv"
    with pytest.raises(ImportRejected) as caught:
        list(get_importer("carrier_csv").parse(stream, ImportContext()))
    assert caught.value.message.startswith("bill.csv: " + where)


def test_wrong_encoding_rejected() -> None:
    text = HEADER + "12/03/2024,10:00:00,Voice,Incoming,Zurückgehalten,00:10,0\n"
    stream = io.BytesIO(text.encode("cp1252"))
    stream.name = "bill.csv"
    with pytest.raises(ImportRejected, match=r"bill\.csv: line 2, byte 84: not utf-8-sig text"):
        list(get_importer("carrier_csv").parse(stream, ImportContext()))
