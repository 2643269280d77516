"""WhatsApp chat-export text: header lines, dates by locale, and what a body means.

Kept apart from the importer so the line grammar can be read (and tested) on its own.
Android headers read ``12/03/2024, 21:14 - Name: text`` (system lines have no
``Name:``); iOS headers read ``[12/03/2024, 21:14:05] Name: text`` (system lines are
attributed to the chat name and start with U+200E). Dates are day-first or month-first
depending on the phone's locale; this module never guesses the order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from foursight.core.events import EventKind

MARKS = "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069\ufeff"
_DATE = r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})\.?"
_TIME = (
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:[\s\u202f\u00a0]?(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?)"
)
ANDROID_HEADER = re.compile(rf"^[{MARKS}]?{_DATE},?\s{_TIME}\s[-\u2013]\s(?P<rest>.*)$")
IOS_HEADER = re.compile(rf"^[{MARKS}]?\[{_DATE},?\s{_TIME}\]\s(?P<rest>.*)$")

_DATE_SEPARATORS = re.compile(r"[./-]")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
MONTH_FIRST_LOCALES = frozenset({"en_US", "es_US", "en_PH", "en_AS", "en_GU", "en_PR", "en_UM"})

_SYSTEM_ANDROID = re.compile(
    r"(end-to-end encrypted|Ende-zu-Ende-verschlüsselt|security code|Sicherheitsnummer"
    r"|changed (?:the|this|their|your) |created group|hat die Gruppe|added |removed |left$"
    r"|hat .* hinzugefügt|changed to \+?\d|joined using|disappearing messages)",
)
_BLOCK = re.compile(r"^(You blocked this contact|Du hast diesen Kontakt blockiert)")
_UNBLOCK = re.compile(r"^(You unblocked this contact|Du hast diesen Kontakt freigegeben)")
_MISSED_CALL = re.compile(
    r"^(Missed (?:voice|video|group voice|group video) call|Verpasster (?:Sprach|Video)anruf)"
)
_DELETED = re.compile(
    r"^(This message was deleted|You deleted this message|Diese Nachricht wurde gelöscht"
    r"|Du hast diese Nachricht gelöscht)\.?$"
)
_EDITED = re.compile(r"\s*[\u200e]?<(This message was edited|Diese Nachricht wurde bearbeitet)>$")
_ATTACHED_IOS = re.compile(r"^<(?:attached|Anhang): (?P<name>[^>]+)>$")
_ATTACHED_ANDROID = re.compile(r"^(?P<name>\S.*?) \((?:file attached|Datei angehängt)\)$")
_OMITTED = re.compile(
    r"^(<Media omitted>|<Medien ausgeschlossen>|(?P<what>image|video|audio|sticker|GIF"
    r"|document|Contact card|Bild|Video|Audio|Sticker|Dokument) (?:omitted|weggelassen))$"
)
_OMITTED_MIME = {
    "image": "image/*",
    "bild": "image/*",
    "video": "video/*",
    "audio": "audio/*",
    "sticker": "image/webp",
    "gif": "image/gif",
}
MIME_BY_EXTENSION = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "3gp": "video/3gpp",
    "opus": "audio/ogg",
    "ogg": "audio/ogg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "mp3": "audio/mpeg",
    "pdf": "application/pdf",
    "vcf": "text/vcard",
    "txt": "text/plain",
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def mime_for(name: str) -> str:
    """A fixed, machine-independent MIME table (``mimetypes`` reads system files)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return MIME_BY_EXTENSION.get(extension, "application/octet-stream")


@dataclass(frozen=True, slots=True)
class Header:
    """One header line: where it is, its date fields as written, and the rest of it."""

    line: int
    date: str
    time: str
    ampm: str
    rest: str
    ios: bool


def match_header(text: str, line: int) -> Header | None:
    """The header at the start of ``text``, or ``None`` for a continuation line."""
    ios = "[" in text[:2]
    found = (IOS_HEADER if ios else ANDROID_HEADER).match(text)
    if found is None:
        return None
    return Header(line, found["date"], found["time"], found["ampm"] or "", found["rest"], ios)


@lru_cache(maxsize=8192)
def date_fields(date: str) -> tuple[int, int, int]:
    """The three numbers of a header date as written (cached: a day has many messages)."""
    first, second, third = _DATE_SEPARATORS.split(date)[:3]
    return int(first), int(second), int(third)


def order_for_locale(locale: str) -> str:
    """``"mdy"`` for month-first locales, else ``"dmy"`` (ISO year-first is read as such)."""
    return "mdy" if locale.replace("-", "_") in MONTH_FIRST_LOCALES else "dmy"


def wall_time(header: Header, order: str) -> datetime:
    """The naive local datetime of a header, given the settled day/month order."""
    a, b, c = date_fields(header.date)
    if a > 31:
        year, month, day = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    if year < 100:
        year += 2000
    clock = _CLOCK.match(header.time)
    if clock is None:  # unreachable: the header pattern guarantees a clock
        raise ValueError(f"no clock time in {header.time!r}")
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    marker = header.ampm.lower().replace(".", "").replace(" ", "")
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    return datetime(year, month, day, hour, minute, second)  # local wall time: naive on purpose


@dataclass(frozen=True, slots=True)
class Reading:
    """What a message body means: its kind, cleaned text and any attachment named in it."""

    kind: EventKind
    body: str
    attachment_name: str | None
    attachment_mime: str
    system: bool


def read_body(body: str, *, attributed: bool) -> Reading:
    """Classify a body. ``attributed`` is False for Android lines with no ``Name:``."""
    text = body.strip(MARKS)
    first = text.split("\n", 1)[0].strip(MARKS)
    lrm = body.startswith("\u200e")
    if _BLOCK.match(first):
        return Reading(EventKind.BLOCK, text, None, "", True)
    if _UNBLOCK.match(first):
        return Reading(EventKind.UNBLOCK, text, None, "", True)
    if not attributed:
        return Reading(EventKind.SYSTEM, text, None, "", True)
    if _MISSED_CALL.match(first):
        return Reading(EventKind.CALL_MISSED, text, None, "", False)
    if _DELETED.match(text):
        return Reading(EventKind.DELETED, text, None, "", False)
    edited = _EDITED.search(text) if text.endswith(">") else None
    if edited:
        return Reading(EventKind.EDITED, text[: edited.start()], None, "", False)
    attached = None
    if first.startswith("<"):
        attached = _ATTACHED_IOS.match(first)
    elif first.endswith(")"):
        attached = _ATTACHED_ANDROID.match(first)
    if attached:
        name = attached["name"].strip(MARKS)
        return Reading(EventKind.MESSAGE, text, name, mime_for(name), False)
    omitted = _OMITTED.match(first) if first.endswith(("omitted", "weggelassen", ">")) else None
    if omitted:
        what = (omitted["what"] or "").lower()
        return Reading(EventKind.MESSAGE, text, "", _OMITTED_MIME.get(what, ""), False)
    if lrm:
        return Reading(EventKind.SYSTEM, text, None, "", True)
    return Reading(EventKind.MESSAGE, text, None, "", False)


def split_author(rest: str, *, ios: bool) -> tuple[str, str] | None:
    """``("Sam K", "text")`` from ``"Sam K: text"``; ``None`` for an unattributed line."""
    if not ios and _SYSTEM_ANDROID.search(rest.split(": ", 1)[0]):
        return None
    if ": " not in rest:
        return None
    author, body = rest.split(": ", 1)
    if not author.strip(MARKS) or len(author) > 80:
        return None
    return author.strip(MARKS), body
