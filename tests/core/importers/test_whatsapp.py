"""WhatsApp exports: Android, iOS, en-US 12-hour, German, zips with media, bad inputs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from foursight.core.events import ContactEvent, Direction, EventKind, TsConfidence
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.core.importers.whatsapp import conversation_name
from foursight.errors import ImportRejected

ALEX = frozenset({"Alex R"})
ENCRYPTED = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them."
)

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]
Dump = Callable[[Iterable[ContactEvent]], bytes]


def test_android_en_gb_every_line_kept(evidence: Path, view: View) -> None:
    ctx = ImportContext(locale="en_GB", own_names=ALEX)
    events = import_file(evidence / "whatsapp-android-en_GB.txt", ctx)
    assert view(events) == [
        (
            "line 1",
            "unknown",
            "system",
            "Sam K",
            "2024-03-12T21:14:00Z",
            f"{ENCRYPTED} Tap to learn more.",
        ),
        ("line 2", "in", "message", "Sam K", "2024-03-12T21:14:00Z", "you can't ignore me forever"),
        ("line 3", "in", "message", "Sam K", "2024-03-12T21:15:00Z", "pick up\nthe phone"),
        ("line 5", "out", "message", "Sam K", "2024-03-12T23:58:00Z", "Please stop contacting me."),
        (
            "line 6",
            "in",
            "message",
            "Sam K",
            "2024-03-13T02:11:00Z",
            "IMG-20240313-WA0003.jpg (file attached)",
        ),
        ("line 7", "in", "deleted", "Sam K", "2024-03-13T02:12:00Z", "This message was deleted"),
        ("line 8", "in", "call_missed", "Sam K", "2024-03-13T02:13:00Z", "Missed voice call"),
        (
            "line 9",
            "out",
            "block",
            "Sam K",
            "2024-03-13T07:40:00Z",
            "You blocked this contact. Tap to unblock.",
        ),
    ]
    assert {e.ts_confidence for e in events} == {TsConfidence.MINUTE}
    assert {e.tz_assumed for e in events} == {"Europe/London"}
    assert events[1].ts_raw == "12/03/2024, 21:14" and events[1].author_label == "Sam K"
    assert events[4].attachments[0].name == "IMG-20240313-WA0003.jpg"
    assert events[4].attachments[0].sha256 is None
    assert [(p.locator, p.message) for p in ctx.problems] == [
        (
            "line 1",
            "chat name not in the file name; taken as 'Sam K', the only author who is "
            "not the victim",
        )
    ]


def test_ios_system_line_is_not_a_message_from_the_contact(evidence: Path, view: View) -> None:
    ctx = ImportContext(locale="en_GB", own_names=ALEX)
    events = import_file(evidence / "whatsapp-ios-_chat.txt", ctx)
    assert view(events) == [
        ("line 1", "unknown", "system", "Sam K", "2024-03-12T21:14:05Z", ENCRYPTED),
        ("line 2", "in", "message", "Sam K", "2024-03-12T21:14:40Z", "you can't ignore me forever"),
        ("line 3", "out", "message", "Sam K", "2024-03-12T23:58:10Z", "Please stop contacting me."),
        (
            "line 4",
            "in",
            "message",
            "Sam K",
            "2024-03-13T02:11:50Z",
            "<attached: 00000012-PHOTO-2024-03-13-02-11-50.jpg>",
        ),
        ("line 5", "in", "edited", "Sam K", "2024-03-13T02:12:30Z", "I know where you are"),
    ]
    assert events[0].author_label == "Sam K"
    assert {e.ts_confidence for e in events} == {TsConfidence.LOCAL}
    assert events[3].attachments[0].mime == "image/jpeg"


def test_ios_zip_hashes_members_and_names_the_chat(evidence: Path) -> None:
    ctx = ImportContext(locale="en_GB", own_names=ALEX)
    events = import_file(evidence / "WhatsApp Chat - Sam K.zip", ctx)
    assert [e.source_locator for e in events] == [f"_chat.txt line {n}" for n in range(1, 6)]
    assert {e.source_file_sha256 for e in events} == {
        "81555a3834877292548e1450e00aaa9795ec440b3964685de1fcb694b01449f4"
    }
    assert [(m.name, m.sha256, m.size) for m in ctx.members] == [
        ("_chat.txt", "9cd5ca89b0f376460f45ebb8405b8a5f314096dd2f0c3b3cc56b33f13acada7a", 442)
    ]
    assert {e.conversation for e in events} == {"Sam K"}
    assert events[2].counterpart == "Sam K" and events[2].direction is Direction.OUT
    assert [p.message for p in ctx.problems] == [
        "attachment '00000012-PHOTO-2024-03-13-02-11-50.jpg' not in zip"
    ]


def test_android_zip_with_media_attaches_member_hashes(evidence: Path, view: View) -> None:
    ctx = ImportContext(locale="en_GB", own_names=ALEX)
    events = import_file(evidence / "WhatsApp Chat with Sam K.zip", ctx)
    prefix = "WhatsApp Chat with Sam K.txt "
    assert view(events) == [
        (
            prefix + "line 1",
            "unknown",
            "system",
            "Sam K",
            "2024-03-12T21:14:00Z",
            f"{ENCRYPTED} Tap to learn more.",
        ),
        (
            prefix + "line 2",
            "in",
            "message",
            "Sam K",
            "2024-03-13T02:11:00Z",
            "IMG-20240313-WA0003.jpg (file attached)\nlook who I saw",
        ),
        (
            prefix + "line 4",
            "in",
            "message",
            "Sam K",
            "2024-03-13T02:14:00Z",
            "PTT-20240313-WA0004.opus (file attached)",
        ),
        (prefix + "line 5", "in", "message", "Sam K", "2024-10-27T00:30:00Z", "still here"),
        (
            prefix + "line 6",
            "out",
            "unblock",
            "Sam K",
            "2024-10-27T09:00:00Z",
            "You unblocked this contact.",
        ),
    ]
    photo, voice = events[1].attachments[0], events[2].attachments[0]
    assert (photo.sha256, photo.size, photo.mime) == (
        "d94e59cfc7e5892ce13498fdfbf6283dd55856c45720823ad36e2f66c03618d4",
        28,
        "image/jpeg",
    )
    assert (voice.sha256, voice.size, voice.mime) == (
        "e31c08099c49c2e6218c7e3124b2b98cac4ee2c69cd635b2bf23103974441780",
        20,
        "audio/ogg",
    )
    assert events[3].ts_confidence is TsConfidence.AMBIGUOUS
    assert len(ctx.members) == 3 and ctx.problems == []


def test_en_us_12h_with_narrow_no_break_space(evidence: Path, view: View) -> None:
    events = import_file(evidence / "whatsapp-en_US-12h.txt", ImportContext(locale="en_US"))
    assert view(events) == [
        ("line 1", "unknown", "message", "", "2024-03-12T21:14:00Z", "you can't ignore me forever")
    ]
    assert events[0].ts_raw == "3/12/24, 9:14\u202fPM"


def test_german_android_with_berlin_time_and_dst_gap(evidence: Path) -> None:
    ctx = ImportContext(locale="de_DE", tz_name="Europe/Berlin", own_names=ALEX)
    events = import_file(evidence / "whatsapp-android-de_DE.txt", ctx)
    assert [
        (e.source_locator, e.direction.value, e.kind.value, e.to_dict()["ts_utc"]) for e in events
    ] == [
        ("line 1", "unknown", "system", "2024-03-05T20:14:00Z"),
        ("line 2", "in", "message", "2024-03-05T20:15:00Z"),
        ("line 4", "out", "message", "2024-03-05T21:01:00Z"),
        ("line 5", "in", "message", "2024-03-13T01:11:00Z"),
        ("line 6", "in", "deleted", "2024-03-13T01:12:00Z"),
        ("line 7", "in", "edited", "2024-03-13T01:13:00Z"),
        ("line 8", "in", "message", "2024-03-31T01:30:00Z"),
        ("line 9", "out", "block", "2024-03-31T05:40:00Z"),
    ]
    assert events[1].body == "Warum antwortest du nicht?\nIch sehe dich."
    assert events[3].attachments[0].sha256 is None
    assert events[5].body == "Ich weiß, wo du wohnst"
    assert events[6].ts_confidence is TsConfidence.NONEXISTENT


def test_ambiguous_dates_without_locale_are_rejected(evidence: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_file(evidence / "whatsapp-ambiguous.txt", ImportContext())
    assert caught.value.message == (
        "whatsapp-ambiguous.txt: line 1: every date could be day/month or month/day "
        "(e.g. 03/04/2024); give the phone's locale (such as en_GB or en_US) to import it"
    )
    gb = import_file(evidence / "whatsapp-ambiguous.txt", ImportContext(locale="en_GB"))
    us = import_file(evidence / "whatsapp-ambiguous.txt", ImportContext(locale="en_US"))
    assert [e.to_dict()["ts_utc"] for e in gb] == ["2024-04-03T09:00:00Z", "2024-05-04T10:00:00Z"]
    assert [e.to_dict()["ts_utc"] for e in us] == ["2024-03-04T10:00:00Z", "2024-04-05T10:00:00Z"]


def test_no_chat_name_is_inferred_without_the_victims_names(evidence: Path) -> None:
    events = import_file(evidence / "whatsapp-ios-_chat.txt", ImportContext(locale="en_GB"))
    assert {e.conversation for e in events} == {""}
    assert {e.direction.value for e in events} == {"unknown"}


def test_unambiguous_dates_without_locale_are_read_and_noted(evidence: Path) -> None:
    ctx = ImportContext()
    events = import_file(evidence / "whatsapp-android-en_GB.txt", ctx)
    assert events[0].to_dict()["ts_utc"] == "2024-03-12T21:14:00Z"
    assert ctx.problems[0].message == (
        "no locale given; dates read day/month because 13/03/2024 can be read no other way"
    )


def parse_text(text: str, **ctx_args: Any) -> list[ContactEvent]:
    stream = io.BytesIO(text.encode("utf-8"))
    stream.name = "WhatsApp Chat with Sam K.txt"
    return list(get_importer("whatsapp").parse(stream, ImportContext(**ctx_args)))


def test_locale_contradicted_by_a_date_is_rejected() -> None:
    with pytest.raises(ImportRejected, match=r"line 2: date 3/13/24 cannot be read in the order"):
        parse_text("3/12/24, 9:14 PM - Sam K: a\n3/13/24, 9:15 PM - Sam K: b\n", locale="en_GB")


def test_mixed_date_orders_are_rejected() -> None:
    with pytest.raises(ImportRejected, match=r"line 2: dates read day-first on line 1"):
        parse_text("13/03/2024, 10:00 - Sam K: a\n03/14/2024, 10:00 - Sam K: b\n")


BAD = [
    ("empty after BOM", "\ufeff", "line 1: the chat export is empty"),
    ("no headers", "hello\nworld\n", "line 1: no WhatsApp message header found"),
    ("impossible date", "31/02/2024, 10:00 - Sam K: a\n", "line 1: impossible date"),
    ("NUL bytes", "12/03/2024, 10:00 - Sam K: a\x00\x01\n", "line 1: binary data"),
]


@pytest.mark.parametrize(("label", "text", "where"), BAD, ids=[b[0] for b in BAD])
def test_bad_text_rejected(label: str, text: str, where: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_text(text, locale="en_GB")
    assert caught.value.message.startswith("WhatsApp Chat with Sam K.txt: " + where)


def test_wrong_encoding_names_line_and_byte() -> None:
    data = "12/03/2024, 10:00 - Sam K: ok\n12/03/2024, 10:01 - Sam K: caf\u00e9\n".encode("cp1252")
    stream = io.BytesIO(data)
    stream.name = "chat.txt"
    with pytest.raises(ImportRejected, match=r"chat\.txt: line 2, byte 60: not UTF-8"):
        list(get_importer("whatsapp").parse(stream, ImportContext(locale="en_GB")))


def test_text_before_first_header_is_kept_as_a_problem() -> None:
    stream = io.BytesIO(b"garbage line\n12/03/2024, 10:00 - Sam K: a\n")
    stream.name = "chat.txt"
    ctx = ImportContext(locale="en_GB")
    events = list(get_importer("whatsapp").parse(stream, ctx))
    assert len(events) == 1 and events[0].source_locator == "line 2"
    assert ctx.problems[0].locator == "lines 1-1"
    assert ctx.problems[0].message.endswith("garbage line")


def test_own_author_you_and_twelve_am() -> None:
    events = parse_text("3/12/24, 12:05\u202fAM - You: hi\n", locale="en_US")
    (event,) = events
    assert event.direction is Direction.OUT
    assert event.to_dict()["ts_utc"] == "2024-03-12T00:05:00Z"
    assert event.kind is EventKind.MESSAGE


def test_detection_and_rerun(evidence: Path, dump: Dump) -> None:
    for name in (
        "whatsapp-android-en_GB.txt",
        "whatsapp-ios-_chat.txt",
        "WhatsApp Chat - Sam K.zip",
        "whatsapp-en_US-12h.txt",
    ):
        assert detect(evidence / name).id == "whatsapp"
    path = evidence / "WhatsApp Chat - Sam K.zip"
    first = dump(import_file(path, ImportContext(locale="en_GB")))
    assert first == dump(import_file(path, ImportContext(locale="en_GB")))
    assert conversation_name("WhatsApp Chat mit Sam K.txt") == "Sam K"


@pytest.mark.parametrize(
    ("zone_name", "day_first", "days"),
    [
        ("Europe/London", True, ("31/03/2024", "27/10/2024")),
        ("America/New_York", False, ("3/10/2024", "11/3/2024")),
        # DST here shifts by 30 minutes: a folded or skipped half hour, not a whole hour
        ("Australia/Lord_Howe", True, ("07/04/2024", "06/10/2024")),
    ],
)
def test_times_equal_local_to_utc_through_dst_changes(
    zone_name: str, day_first: bool, days: tuple[str, ...]
) -> None:
    """The hour-by-hour offset cache gives what ``local_to_utc`` gives, minute for minute,
    on the days the clocks change (folds, gaps and half-hour shifts included)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from foursight.core.importers.timeutil import local_to_utc

    lines, expected = [], []
    for day in days:
        a, b, year = (int(x) for x in day.split("/"))
        month, mday = (b, a) if day_first else (a, b)
        for minute in range(0, 24 * 60, 7):
            hour, mins = divmod(minute, 60)
            lines.append(f"{day}, {hour:02d}:{mins:02d} - Sam K: at {hour:02d}:{mins:02d}")
            utc, confidence = local_to_utc(
                datetime(year, month, mday, hour, mins), ZoneInfo(zone_name)
            )
            if confidence is TsConfidence.LOCAL:
                confidence = TsConfidence.MINUTE
            expected.append((utc, confidence))
    named = io.BytesIO(("\n".join(lines) + "\n").encode())
    named.name = "WhatsApp Chat with Sam K.txt"
    ctx = ImportContext(locale="en_GB" if day_first else "en_US", tz_name=zone_name)
    events = list(get_importer("whatsapp").parse(named, ctx))
    assert [(e.ts_utc, e.ts_confidence) for e in events] == expected
    kinds = {c for _, c in expected}
    assert TsConfidence.MINUTE in kinds
    assert kinds & {TsConfidence.AMBIGUOUS, TsConfidence.NONEXISTENT}


def test_whole_text_header_scan_matches_line_by_line_reading() -> None:
    """Headers found in one pass over the text are the lines ``match_header`` accepts, and
    each message is its header's rest plus the lines up to the next header, as written."""
    from foursight.core.importers import whatsapp_text as wt

    text = (
        "12/03/2024, 21:14 - Sam K: one\r\n"
        "12/03/2024, 21:15 - Sam K: two\n"
        "\n"
        "continued after a blank line\n"
        "12/03/2024,\n"
        "21:16 - not a header: it runs over a line end\n"
        "[12/03/2024, 21:17:05] Sam K: an iOS line\n"
        "12/03/2024, 21:18 - Sam K: carriage\rreturn kept\n"
        "12/03/2024, 21:19 - Sam K: \n"
        "12/03/2024, 21:20 - Sam K: last, no newline"
    )
    normalised = text.replace("\r\n", "\n")
    lines = normalised.split("\n")
    by_line = [h for n, line in enumerate(lines, 1) if (h := wt.match_header(line, n))]
    found = wt.find_headers(normalised)
    assert [h[:6] for h in found] == [h[:6] for h in by_line]
    named = io.BytesIO(text.encode())
    named.name = "WhatsApp Chat with Sam K.txt"
    events = list(get_importer("whatsapp").parse(named, ImportContext(locale="en_GB")))
    starts = [h.line for h in by_line] + [len(lines) + 1]
    bodies = [
        "\n".join([h.rest, *lines[h.line : end - 1]]).partition(": ")[2]
        for h, end in zip(by_line, starts[1:], strict=True)
    ]
    assert [e.body for e in events] == bodies
    assert [e.source_locator for e in events] == [f"line {h.line}" for h in by_line]
    assert (
        events[1].body
        == "two\n\ncontinued after a blank line\n12/03/2024,\n21:16 - not a header: it runs over a line end"
    )
