"""SMS Backup & Restore: the shared fixtures give exactly the expected events."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import (
    Attachment,
    Channel,
    ContactEvent,
    Direction,
    EventKind,
    TsConfidence,
)
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.core.importers.sms_backup import join_surrogate_refs
from foursight.errors import ImportRejected

SMS_SHA = "f5073a823f73168b4cc9ad743ea75bee3b293f2a8e62eb9dfda9d52993b721ee"

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]
Dump = Callable[[Iterable[ContactEvent]], bytes]


def test_sms_fixture_events(evidence: Path, view: View) -> None:
    events = import_file(evidence / "sms-20240314093000.xml", ImportContext())
    assert view(events) == [
        (
            "line 3 /smses/sms[1]",
            "in",
            "message",
            "+447911123456",
            "2024-03-12T21:14:00Z",
            "you can't ignore me forever",
        ),
        (
            "line 4 /smses/sms[2]",
            "out",
            "message",
            "+447911123456",
            "2024-03-12T23:58:10Z",
            "Please stop contacting me.",
        ),
        (
            "line 5 /smses/mms[1]",
            "in",
            "message",
            "+447700900456",
            "2024-03-13T02:11:31Z",
            "new number. you blocked the old one \U0001f620",
        ),
    ]
    sms, sent, mms = events
    assert {e.source_file_sha256 for e in events} == {SMS_SHA}
    assert (sms.channel, sms.author_label, sms.ts_raw) == (Channel.SMS, "Sam", "1710278040000")
    assert (sms.tz_assumed, sms.ts_confidence) == ("UTC", TsConfidence.EXACT)
    assert sent.counterpart_raw == "07911123456" and sent.author_label == "Me"
    assert dict(sent.meta)["box"] == "sent" and "subject" not in dict(sent.meta)
    assert mms.channel is Channel.MMS and mms.counterpart_raw == "+447700900456"
    assert dict(mms.meta)["date_sent"] == "1710295889"
    assert mms.attachments == (
        Attachment(
            name="IMG_0001.jpg",
            sha256="1ff3c3063caa866b450371c3d549fe2bbb15e2dd156dbb92d0cb1e2b7031c195",
            mime="image/jpeg",
            size=25,
        ),
    )


def test_calls_fixture_events(evidence: Path, view: View) -> None:
    events = import_file(evidence / "calls-20240314093000.xml", ImportContext())
    assert view(events) == [
        ("line 3 /calls/call[1]", "in", "call_missed", "+447911123456", "2024-03-13T02:00:00Z", ""),
        (
            "line 4 /calls/call[2]",
            "in",
            "call_blocked",
            "+447911123456",
            "2024-03-13T02:01:00Z",
            "",
        ),
        ("line 5 /calls/call[3]", "in", "call_missed", "", "2024-03-13T02:02:00Z", ""),
    ]
    assert [e.withheld for e in events] == [False, False, True]
    assert [e.duration_s for e in events] == [0.0, 0.0, 0.0]
    assert all(e.channel is Channel.CALL for e in events)


CALL_TYPES = [
    ("1", Direction.IN, EventKind.CALL_ANSWERED),
    ("2", Direction.OUT, EventKind.CALL_OUTGOING),
    ("3", Direction.IN, EventKind.CALL_MISSED),
    ("4", Direction.IN, EventKind.CALL_MISSED),
    ("5", Direction.IN, EventKind.CALL_REJECTED),
    ("6", Direction.IN, EventKind.CALL_BLOCKED),
    ("7", Direction.IN, EventKind.CALL_ANSWERED),
]


@pytest.mark.parametrize(("code", "direction", "kind"), CALL_TYPES)
def test_every_call_type(code: str, direction: Direction, kind: EventKind) -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><calls count="1">'
        f'<call number="07911123456" duration="42" date="1710295200000" type="{code}" '
        'presentation="1" contact_name="(Unknown)" /></calls>'
    ).encode()
    ctx = ImportContext()
    (event,) = get_importer("sms_backup").parse(io.BytesIO(xml), ctx)
    assert (event.direction, event.kind, event.duration_s) == (direction, kind, 42.0)
    assert event.counterpart == "+447911123456" and ctx.problems == []


@pytest.mark.parametrize(
    ("presentation", "withheld"), [("1", False), ("2", True), ("3", True), ("4", False)]
)
def test_presentation(presentation: str, withheld: bool) -> None:
    xml = (
        f'<calls count="1"><call number="07911123456" duration="0" date="0" type="3" '
        f'presentation="{presentation}" /></calls>'
    ).encode()
    (event,) = get_importer("sms_backup").parse(io.BytesIO(xml), ImportContext())
    assert event.withheld is withheld and event.presentation is withheld


def test_outgoing_group_mms_lists_recipients_from_addrs() -> None:
    xml = (
        b'<smses count="1"><mms date="1710295891000" msg_box="2" address="07911123456~07700900456">'
        b'<parts><part seq="0" ct="text/plain" text="hi all" /></parts><addrs>'
        b'<addr address="+447911000111" type="137" /><addr address="07911123456" type="151" />'
        b'<addr address="07700900456" type="151" /></addrs></mms></smses>'
    )
    (event,) = get_importer("sms_backup").parse(io.BytesIO(xml), ImportContext())
    assert event.direction is Direction.OUT and event.body == "hi all"
    assert event.counterpart == "+447911123456~+447700900456"


def test_bad_base64_media_is_a_problem_not_a_loss() -> None:
    xml = (
        b'<smses count="1"><mms date="0" msg_box="1"><parts>'
        b'<part seq="0" ct="image/png" name="x.png" data="***" /></parts>'
        b'<addrs><addr address="07911123456" type="137" /></addrs></mms></smses>'
    )
    ctx = ImportContext()
    (event,) = get_importer("sms_backup").parse(io.BytesIO(xml), ctx)
    assert event.attachments == (Attachment("x.png", None, "image/png", None),)
    assert [p.message for p in ctx.problems] == ["attachment data is not valid base64"]


def test_count_mismatch_is_reported() -> None:
    xml = b'<smses count="2"><sms address="1" date="0" type="1" body="a" /></smses>'
    ctx = ImportContext()
    assert len(list(get_importer("sms_backup").parse(io.BytesIO(xml), ctx))) == 1
    assert "declares count=2 but holds 1" in ctx.problems[0].message


def test_surrogate_pairs_recombined_in_decimal_and_hex() -> None:
    assert join_surrogate_refs(b"a&#55357;&#56864;b") == b"a&#128544;b"
    assert join_surrogate_refs(b"&#xD83D;&#xDE20;") == b"&#128544;"
    assert join_surrogate_refs(b"&#55357;&#65;") == b"&#55357;&#65;"


def test_pair_split_across_read_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import foursight.core.importers.sms_backup as module

    body = "x" * 50 + "&#55357;&#56864;" + "y" * 50
    xml = f'<smses count="1"><sms address="1" date="0" type="1" body="{body}" /></smses>'.encode()
    for size in range(20, 90, 3):
        monkeypatch.setattr(module, "_CHUNK", size)
        (event,) = get_importer("sms_backup").parse(io.BytesIO(xml), ImportContext())
        assert event.body == "x" * 50 + "\U0001f620" + "y" * 50


def test_byte_identical_rerun(evidence: Path, dump: Dump) -> None:
    first = dump(import_file(evidence / "sms-20240314093000.xml", ImportContext()))
    second = dump(import_file(evidence / "sms-20240314093000.xml", ImportContext()))
    assert first == second
    assert detect(evidence / "calls-20240314093000.xml").id == "sms_backup"


BAD = [
    (
        "truncated",
        b'<smses count="1"><sms address="1" date="0" type="1" body="a" />',
        "line 1, column",
    ),
    (
        "lone surrogate",
        b'<smses><sms address="1" date="0" type="1" body="&#55357;" /></smses>',
        "line 1, column",
    ),
    ("invalid char ref", b'<smses>\n<sms address="1" date="0" body="&#0;" /></smses>', "line 2"),
    (
        "wrong encoding",
        '<?xml version="1.0" encoding="UTF-8"?>\n<smses><sms body="caf\u00e9" /></smses>'.encode(
            "latin-1"
        ),
        "line 2",
    ),
    ("binary junk", b"<smses>\x00\x01\x02\xff\xfe", "line 1"),
    ("wrong root", b"<html><sms address='1' date='0' type='1' /></html>", "root element <html>"),
    ("bad date", b'<smses><sms address="1" date="soon" type="1" /></smses>', "epoch milliseconds"),
]


@pytest.mark.parametrize(("label", "data", "where"), BAD, ids=[b[0] for b in BAD])
def test_bad_xml_rejected_with_position(label: str, data: bytes, where: str) -> None:
    stream = io.BytesIO(data)
    stream.name = "sms-bad.xml"
    with pytest.raises(ImportRejected) as caught:
        list(get_importer("sms_backup").parse(stream, ImportContext()))
    assert caught.value.message.startswith("sms-bad.xml: ")
    assert where in caught.value.message


@pytest.mark.parametrize(
    "entity",
    [
        b'<!ENTITY x SYSTEM "file:///etc/hostname">',
        b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">',
    ],
)
def test_doctype_and_entities_refused(entity: bytes) -> None:
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE smses [' + entity + b"]>\n"
        b'<smses><sms address="1" date="0" type="1" body="&b;" /></smses>'
    )
    stream = io.BytesIO(xml)
    stream.name = "sms-x.xml"
    with pytest.raises(ImportRejected, match=r"sms-x\.xml: line 2: DOCTYPE declarations"):
        list(get_importer("sms_backup").parse(stream, ImportContext()))


def test_empty_file_rejected(tmp_path: Path) -> None:
    empty = tmp_path / "sms-empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ImportRejected, match=r"sms-empty\.xml: byte 0: the file is empty"):
        import_file(empty, ImportContext(), "sms_backup")


def _reference_sms(path: Path) -> list[ContactEvent]:
    """Each SMS built one at a time by keyword, straight from lxml's tree: the meaning the
    importer's column-wise fast path must reproduce exactly."""
    from datetime import UTC, datetime, timedelta

    from lxml import etree

    from foursight.core.events import make_event_id
    from foursight.core.importers.base import normalise_counterpart, sha256_file

    sha = sha256_file(path)
    boxes = {"1": ("in", "inbox"), "2": ("out", "sent"), "3": ("out", "draft")}
    events = []
    root = etree.parse(str(path)).getroot()
    for n, elem in enumerate(root.iter("sms"), 1):

        def get(key: str, elem: etree._Element = elem) -> str:
            value = elem.get(key)
            return "" if value in (None, "null") else str(value)

        direction, box = boxes.get(get("type"), ("unknown", "unknown"))
        name, address = get("contact_name"), get("address")
        locator = f"line {elem.sourceline} /{root.tag}/sms[{n}]"
        meta = [("box", box)] + [
            (k, get(k)) for k in ("contact_name", "date_sent", "readable_date") if get(k)
        ]
        events.append(
            ContactEvent.checked(
                event_id=make_event_id(sha, locator),
                source_file_sha256=sha,
                source_locator=locator,
                channel=Channel.SMS,
                direction=Direction(direction),
                counterpart_raw=address,
                counterpart=normalise_counterpart(address),
                author_label=(
                    "Me" if direction != "in" else (address if name in ("", "(Unknown)") else name)
                ),
                ts_raw=get("date"),
                ts_utc=datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(get("date"))),
                tz_assumed="UTC",
                ts_confidence=TsConfidence.EXACT,
                body=get("body"),
                kind=EventKind.MESSAGE,
                conversation=normalise_counterpart(address),
                meta=tuple(meta),
                parser=f"sms_backup/{get_importer('sms_backup').version}",
            )
        )
    return events


def test_column_wise_sms_path_equals_one_by_one_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import foursight.core.importers.sms_backup as module

    rows = [
        'address="+447911123456" date="1710278040000" type="1" body="hi" contact_name="Sam" '
        'date_sent="1710278038000" readable_date="12 Mar 2024"',
        'address="07911123456" date="1710278041000" type="2" body="null" contact_name="Sam" '
        'date_sent="0" readable_date="12 Mar 2024"',
        'address="null" date="1710278042000" type="9" body="x" contact_name="(Unknown)" '
        'date_sent="null" readable_date="12 Mar 2024"',
        # a different attribute order, and attributes missing, in the same run
        'type="1" body="y" address="07700900456" date="-1000"',
        'address="07700900456" date="99999999999999" type="3" body="far future" '
        'contact_name="" date_sent="1" readable_date="x"',
    ]
    lines = [f"  <sms {row} />" for row in rows * 7]
    xml = "\n".join(["<?xml version='1.0' encoding='UTF-8'?>", "<smses>", *lines, "</smses>"])
    path = tmp_path / "sms-mixed.xml"
    path.write_text(xml, encoding="utf-8")
    monkeypatch.setattr(module, "_BATCH", 4)  # many runs and batch edges
    monkeypatch.setattr(module, "_CHUNK", 97)
    events = import_file(path, ImportContext())
    expected = _reference_sms(path)
    assert [e.to_dict() for e in events] == [e.to_dict() for e in expected]
    assert events == expected
    assert all(type(e) is ContactEvent for e in events)


def test_record_is_located_at_the_line_its_start_tag_begins() -> None:
    xml = (
        b'<?xml version="1.0"?>\n<smses count="2">\n'
        b'<sms address="1" date="0" type="1" body="a" /><sms address="1"\n'
        b'  date="0" type="1" body="b" />\n</smses>\n'
    )
    events = list(get_importer("sms_backup").parse(io.BytesIO(xml), ImportContext()))
    assert [e.source_locator for e in events] == ["line 3 /smses/sms[1]", "line 3 /smses/sms[2]"]
