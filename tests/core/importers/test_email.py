"""E-mail: the Gmail mbox fixture, an .eml with an attachment, and bad input."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import Attachment, Channel, ContactEvent, TsConfidence
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.errors import ImportRejected

ALEX = frozenset({"alex.r@example.com"})

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]


def test_gmail_mbox_fixture(evidence: Path, view: View) -> None:
    events = import_file(evidence / "gmail.mbox", ImportContext(own_identifiers=ALEX))
    assert view(events) == [
        (
            "line 1 (byte 0)",
            "in",
            "message",
            "sk.new.account.2024@example.net",
            "2024-03-12T23:05:09Z",
            "You blocked my number so I made a new email.\n>From now on I'll just turn up.\n",
        ),
    ]
    (event,) = events
    assert event.channel is Channel.EMAIL and event.ts_confidence is TsConfidence.EXACT
    assert event.ts_raw == "Tue, 12 Mar 2024 23:05:09 +0000"
    assert event.conversation == "1792657890123456789"
    assert dict(event.meta) == {
        "subject": "you can\u2019t hide",
        "message_id": "<CAF=x1y2z3@mail.example.net>",
        "gmail_thread_id": "1792657890123456789",
        "gmail_labels": "Inbox,Category Personal,Opened",
        "received": "2024-03-12T23:05:10+00:00",
    }
    assert detect(evidence / "gmail.mbox").id == "email"


def test_eml_with_attachment(evidence: Path, view: View) -> None:
    events = import_file(evidence / "message-attachment.eml", ImportContext(own_identifiers=ALEX))
    assert view(events) == [
        (
            "line 1 (byte 0)",
            "in",
            "message",
            "sk.new.account.2024@example.net",
            "2024-03-13T03:00:59Z",
            "I took this outside your house \u2014 nice curtains.",
        ),
    ]
    data = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300")
    assert events[0].attachments == (
        Attachment("house.jpg", hashlib.sha256(data).hexdigest(), "image/jpeg", len(data)),
    )
    assert events[0].counterpart_raw == "SK.New.Account.2024@example.net"
    assert dict(events[0].meta)["subject"] == "see attached"


def test_mbox_split_outbound_and_missing_date(view: View) -> None:
    mbox = (
        b"From a@x Tue Mar 12 23:05:11 +0000 2024\n"
        b"From: Alex R <alex.r@example.com>\nTo: sam@example.net\n"
        b"Date: Tue, 12 Mar 2024 23:05:09 +0000\n\nStop.\nFrom here on, no.\n\n"
        b"From b@x Tue Mar 12 23:06:00 +0000 2024\n"
        b"From: sam@example.net\nTo: alex.r@example.com\n"
        b"Received: by mx; Tue, 12 Mar 2024 23:07:00 +0000\n\nNo.\n"
    )
    stream = io.BytesIO(mbox)
    stream.name = "mail.mbox"
    ctx = ImportContext(own_identifiers=ALEX)
    events = list(get_importer("email").parse(stream, ctx))
    assert view(events) == [
        (
            "line 1 (byte 0)",
            "out",
            "message",
            "sam@example.net",
            "2024-03-12T23:05:09Z",
            "Stop.\nFrom here on, no.\n",
        ),
        ("line 9 (byte 158)", "in", "message", "sam@example.net", "2024-03-12T23:07:00Z", "No.\n"),
    ]
    assert [p.message for p in ctx.problems] == ["no usable Date header; the server time is used"]


def test_message_without_any_time_rejected() -> None:
    stream = io.BytesIO(b"From: a@example.net\nTo: b@example.net\nSubject: x\n\nbody\n")
    stream.name = "x.eml"
    with pytest.raises(ImportRejected, match=r"x\.eml: line 1 \(byte 0\): message has neither"):
        list(get_importer("email").parse(stream, ImportContext()))


def test_binary_junk_rejected() -> None:
    stream = io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00")
    stream.name = "junk.eml"
    with pytest.raises(ImportRejected, match=r"junk\.eml: line 1: neither an mbox"):
        list(get_importer("email").parse(stream, ImportContext()))
