"""Google Takeout Voice: the shared text fixture and a call file."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from foursight.core.events import Channel, ContactEvent, EventKind
from foursight.core.importers import ImportContext, detect, get_importer, import_file
from foursight.errors import ImportRejected

View = Callable[[Iterable[ContactEvent]], list[tuple[object, ...]]]


def test_voice_text_fixture(evidence: Path, view: View) -> None:
    path = evidence / "google-voice-text.html"
    assert detect(path).id == "google_voice"
    events = import_file(path, ImportContext())
    assert view(events) == [
        (
            "line 6 div[1]",
            "in",
            "message",
            "+447911123456",
            "2024-03-12T21:14:00Z",
            "you can't ignore me forever",
        ),
    ]
    assert events[0].channel is Channel.VOICE and events[0].author_label == "Sam K"
    assert dict(events[0].meta) == {"labels": "Text"}


def test_voice_missed_call() -> None:
    page = (
        b'<html><head><title>+447911123456</title></head><body><div class="haudio">'
        b'<span class="fn"><a class="tel" href="tel:+447911123456">Sam K</a></span>'
        b'<abbr class="published" title="2024-03-13T02:00:00.000+00:00">Mar 13</abbr>'
        b'<abbr class="duration" title="PT1M4S">(00:01:04)</abbr></div>'
        b'<div class="tags"><a rel="tag" href="#missed">Missed</a></div></body></html>'
    )
    stream = io.BytesIO(page)
    stream.name = "Sam K - Missed - 2024-03-13T02_00_00Z.html"
    (event,) = get_importer("google_voice").parse(stream, ImportContext())
    assert (event.kind, event.duration_s, event.counterpart) == (
        EventKind.CALL_MISSED,
        64.0,
        "+447911123456",
    )


def test_voice_without_offset_rejected() -> None:
    page = b'<html><body><div class="message"><abbr class="dt" title="2024-03-12T21:14:00">x'
    stream = io.BytesIO(page + b"</abbr><q>hi</q></div></body></html>")
    stream.name = "v.html"
    with pytest.raises(ImportRejected, match=r"v\.html: line 1 div\[1\]: time .* has no offset"):
        list(get_importer("google_voice").parse(stream, ImportContext()))
