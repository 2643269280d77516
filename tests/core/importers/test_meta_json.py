"""Facebook Messenger and Instagram JSON: mojibake repaired, newest-first reordered."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import Attachment, Channel, ContactEvent
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.core.importers.facebook import repair_mojibake
from foursight.errors import ImportRejected

IG = Path("your_instagram_activity/messages/inbox/samk_17841400000000000/message_1.json")

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]


def test_facebook_fixture(evidence: Path, view: View) -> None:
    ctx = ImportContext(own_names=frozenset({"Alex R"}))
    events = import_file(evidence / "facebook-message_1.json", ctx)
    assert view(events) == [
        (
            "messages[1]",
            "out",
            "message",
            "Sam K",
            "2024-03-12T23:58:10Z",
            "Please stop contacting me.",
        ),
        (
            "messages[0]",
            "in",
            "message",
            "Sam K",
            "2024-03-13T02:11:31Z",
            "I\u2019m outside \U0001f620",
        ),
    ]
    assert {e.channel for e in events} == {Channel.FB}
    assert detect(evidence / "facebook-message_1.json").id == "facebook"


def test_instagram_fixture(evidence: Path, view: View) -> None:
    path = evidence / IG
    assert detect(path).id == "instagram"
    ctx = ImportContext(own_names=frozenset({"alex.r"}))
    events = import_file(path, ctx)
    assert view(events) == [
        ("messages[4]", "out", "message", "samk.2024", "2024-03-13T02:11:10Z", "Leave me alone."),
        ("messages[3]", "in", "deleted", "samk.2024", "2024-03-13T02:11:20Z", ""),
        ("messages[2]", "in", "message", "samk.2024", "2024-03-13T02:11:30Z", ""),
        (
            "messages[1]",
            "in",
            "message",
            "samk.2024",
            "2024-03-13T02:11:35Z",
            "new account, you can\u2019t block me \U0001f608",
        ),
        ("messages[0]", "in", "message", "samk.2024", "2024-03-13T02:11:40Z", "Liked a message"),
    ]
    assert {e.channel for e in events} == {Channel.IG}
    assert dict(events[0].meta)["share_link"] == "https://www.instagram.com/p/EXAMPLE/"
    assert events[2].attachments == (
        Attachment(
            "your_instagram_activity/messages/inbox/samk_17841400000000000/photos/1234.jpg",
            None,
            "image/jpeg",
            None,
        ),
    )
    assert '"reaction": "\u2764"' in dict(events[4].meta)["reactions"]


def test_repair_leaves_real_unicode_alone() -> None:
    assert repair_mojibake(["caf\u00c3\u00a9", "\u2764 ok", 3]) == ["caf\u00e9", "\u2764 ok", 3]


def test_ties_keep_export_order_when_newest_first() -> None:
    doc = (
        b'{"participants":[],"title":"Sam K","messages":['
        b'{"sender_name":"Sam K","timestamp_ms":2000,"content":"c"},'
        b'{"sender_name":"Sam K","timestamp_ms":1000,"content":"b"},'
        b'{"sender_name":"Sam K","timestamp_ms":1000,"content":"a"}]}'
    )
    stream = io.BytesIO(doc)
    stream.name = "message_1.json"
    events = list(get_importer("facebook").parse(stream, ImportContext()))
    assert [e.body for e in events] == ["a", "b", "c"]


BAD = [
    (b'{"messages": [', "line 1, column 15"),
    (b'{"participants": []}', "top level: no 'messages' list"),
    (b'{"messages": [{"content": "x"}]}', "messages[0]: message without an integer timestamp_ms"),
    (b'{"messages": "\xff"}', "byte 14: not UTF-8 JSON"),
]


@pytest.mark.parametrize(("data", "where"), BAD)
def test_bad_json_rejected(data: bytes, where: str) -> None:
    stream = io.BytesIO(data)
    stream.name = "message_1.json"
    with pytest.raises(ImportRejected) as caught:
        list(get_importer("facebook").parse(stream, ImportContext()))
    assert caught.value.message.startswith("message_1.json: " + where)
