"""Rules for the exhibit register that need no database: the reference form, whether a
file's content is the kind it is declared to be, and HTTP byte ranges for playback.

The content check reads the file's first bytes with ``filetype`` (signatures, not file
names or the browser's declared type), so a renamed file is still what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import filetype

#: Producer's initials, a slash, the producer's running number: ``AR/1``, ``JDS/12``.
REFERENCE = re.compile(r"^[A-Z]{2,4}/[1-9][0-9]{0,3}$")

#: Bytes of the start of a file that the content check reads.
HEAD_BYTES = 8192

#: Kinds an officer registers here; phone exports go through the phone import.
REGISTERED_KINDS = (
    "body_worn_video",
    "cctv",
    "photograph",
    "screenshot",
    "document",
    "audio",
)

#: How each kind is shown in the page: a player, an image or a document link.
PRESENTATION = {
    "body_worn_video": "video",
    "cctv": "video",
    "photograph": "image",
    "screenshot": "image",
    "audio": "audio",
    "document": "document",
    "phone_export": "none",
}

_DOCUMENTS = {
    "application/pdf",
    "application/rtf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/x-cfb",
}


class RuleBroken(ValueError):
    """A register rule is broken; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = f"{field}: {message}"


def clean_reference(text: str) -> str:
    """The exhibit reference in its canonical form, or :class:`RuleBroken` naming it."""
    value = " ".join((text or "").split()).upper().replace(" ", "")
    if not value:
        raise RuleBroken("reference", "give the exhibit reference, e.g. AR/1")
    if not REFERENCE.match(value):
        raise RuleBroken(
            "reference",
            f"{text.strip()[:40]!r} is not in the form producer's initials/number "
            "(two to four letters, a slash, a number from 1), e.g. AR/1",
        )
    return value


def clean_kind(text: str) -> str:
    value = (text or "").strip()
    if value == "phone_export":
        raise RuleBroken("kind", "phone exports are imported from the Evidence tab's import form")
    if value not in REGISTERED_KINDS:
        raise RuleBroken("kind", f"choose one of {', '.join(REGISTERED_KINDS)}")
    return value


@dataclass(frozen=True)
class Sniffed:
    """What the content is: its MIME type and usual extension."""

    mime: str
    extension: str


def _text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the end of the head is fine
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def sniff(head: bytes) -> Sniffed | None:
    """The content type from the file's first bytes; plain UTF-8 text is ``text/plain``."""
    guess = filetype.guess(head) if head else None
    if guess is not None:
        return Sniffed(str(guess.mime), str(guess.extension))
    if _text(head):
        return Sniffed("text/plain", "txt")
    return None


def matches(kind: str, found: Sniffed | None) -> bool:
    """Whether the content found is one the declared kind can be."""
    if found is None:
        return False
    family = PRESENTATION.get(kind, "")
    if family == "video":
        return found.mime.startswith("video/")
    if family == "image":
        return found.mime.startswith("image/")
    if family == "audio":
        return found.mime.startswith("audio/")
    if family == "document":
        return found.mime in _DOCUMENTS or found.mime == "text/plain"
    return False


def check_content(kind: str, head: bytes) -> Sniffed:
    """The content's type when it is the declared kind, else :class:`RuleBroken` naming
    ``kind`` (what the file actually is is said)."""
    found = sniff(head)
    if not matches(kind, found):
        what = found.mime if found else "not a type Foursight recognises"
        raise RuleBroken(
            "kind",
            f"the file is not of the declared kind {kind} (its content is {what}); "
            "choose the kind that matches the file; nothing was stored",
        )
    assert found is not None
    return found


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` inclusive of a ``size``-byte file."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def header(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


class Unsatisfiable(ValueError):
    """A Range header none of whose bytes exist in the file (HTTP 416)."""


def parse_range(header: str, size: int) -> ByteRange | None:
    """The one byte range a ``Range`` header asks for, or ``None`` to send the whole file
    (no header, a header that is not understood, or several ranges: a server may answer
    those with the whole representation). Raises :class:`Unsatisfiable` for a range
    wholly past the end."""
    text = (header or "").strip()
    if not text.startswith("bytes=") or "," in text:
        return None
    first, dash, last = text[6:].strip().partition("-")
    if not dash or not (first.isdigit() or last.isdigit()):
        return None
    if not first:  # a suffix: the last N bytes
        count = int(last)
        if count == 0:
            raise Unsatisfiable(header)
        if size == 0:
            raise Unsatisfiable(header)
        return ByteRange(max(0, size - count), size - 1, size)
    start = int(first)
    if last and not last.isdigit():
        return None
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise Unsatisfiable(header)
    return ByteRange(start, min(end, size - 1), size)
