"""WhatsApp chat-export text: header lines, dates by locale, and what a body means.

Kept apart from the importer so the line grammar can be read (and tested) on its own.
Android headers read ``12/03/2024, 21:14 - Name: text`` (system lines have no
``Name:``); iOS headers read ``[12/03/2024, 21:14:05] Name: text`` (system lines are
attributed to the chat name and start with U+200E). Dates are day-first or month-first
depending on the phone's locale; this module never guesses the order.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from foursight.core.events import EventKind

MARKS = "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069\ufeff"


def _header_pattern(space: str, suffix: str = "") -> tuple[str, str]:
    """(date, time) sub-patterns, their groups named with ``suffix``; ``space`` matches
    the blank that may stand inside a time (never a newline when a whole file is searched)."""
    date = rf"(?P<date{suffix}>\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}})\.?"
    time = (
        rf"(?P<time{suffix}>\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?"
        rf"(?:{space}?(?P<ampm{suffix}>[AaPp]\.?{space}?[Mm]\.?))?)"
    )
    return date, time


_DATE, _TIME = _header_pattern(r"\s")
ANDROID_HEADER = re.compile(rf"^[{MARKS}]?{_DATE},?\s{_TIME}\s[-\u2013]\s(?P<rest>.*)$")
IOS_HEADER = re.compile(rf"^[{MARKS}]?\[{_DATE},?\s{_TIME}\]\s(?P<rest>.*)$")

# The same two header forms, found in a whole export at once (a C-level scan instead of a
# regex call per line): ``[^\S\n]`` is ``\s`` (U+202F and U+00A0 included) without the
# newline, so a match never runs over a line end.
_SP = r"[^\S\n]"
_IDATE, _ITIME = _header_pattern(_SP, "_i")
_ADATE, _ATIME = _header_pattern(_SP, "_a")
HEADERS = re.compile(
    rf"^(?:[{MARKS}]?\[{_IDATE},?{_SP}{_ITIME}\]{_SP}(?P<rest_i>.*)"
    rf"|[{MARKS}]?{_ADATE},?{_SP}{_ATIME}{_SP}[-\u2013]{_SP}(?P<rest_a>.*))$",
    re.MULTILINE,
)

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
# Every body the four patterns around here match starts with one of these words: a body
# that does not is read without trying them (most bodies are plain messages).
_SPECIAL_STARTS = ("You ", "Du ", "Missed ", "Verpasster ", "This ", "Diese ")
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


class Header(NamedTuple):
    """One header line: where it is, its date fields as written, and the rest of it."""

    line: int
    date: str
    time: str
    ampm: str
    rest: str
    ios: bool
    offset: int = 0
    """Where the header line starts in the text it was found in."""
    end: int = 0
    """Where the header line ends (its newline, or the end of the text)."""


def match_header(text: str, line: int) -> Header | None:
    """The header at the start of ``text``, or ``None`` for a continuation line."""
    ios = "[" in text[:2]
    found = (IOS_HEADER if ios else ANDROID_HEADER).match(text)
    if found is None:
        return None
    return Header(line, found["date"], found["time"], found["ampm"] or "", found["rest"], ios)


def find_headers(text: str) -> list[Header]:
    """Every header line of a whole export (``\\n`` line ends), in order, with its line
    number: what :func:`match_header` finds line by line, in one pass."""
    headers: list[Header] = []
    append, count, new = headers.append, text.count, tuple.__new__
    line, position = 1, 0
    for found in HEADERS.finditer(text):
        start = found.start()
        line += count("\n", position, start)
        position = start
        date_i, time_i, ampm_i, rest_i, date_a, time_a, ampm_a, rest_a = found.groups("")
        end = found.end()
        if date_i:  # the iOS form matched
            append(new(Header, (line, date_i, time_i, ampm_i, rest_i, True, start, end)))
        else:
            append(new(Header, (line, date_a, time_a, ampm_a, rest_a, False, start, end)))
    return headers


@lru_cache(maxsize=8192)
def date_fields(date: str) -> tuple[int, int, int]:
    """The three numbers of a header date as written (cached: a day has many messages)."""
    first, second, third = _DATE_SEPARATORS.split(date)[:3]
    return int(first), int(second), int(third)


def order_for_locale(locale: str) -> str:
    """``"mdy"`` for month-first locales, else ``"dmy"`` (ISO year-first is read as such)."""
    return "mdy" if locale.replace("-", "_") in MONTH_FIRST_LOCALES else "dmy"


@lru_cache(maxsize=8192)
def calendar_day(date: str, order: str) -> tuple[int, int, int]:
    """(year, month, day) of a header date, given the settled day/month order."""
    a, b, c = date_fields(date)
    if a > 31:
        year, month, day = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    if year < 100:
        year += 2000
    return year, month, day


@lru_cache(maxsize=8192)
def clock_time(time: str, ampm: str) -> tuple[int, int, int]:
    """(hour, minute, second) on the 24-hour clock of a header time and its AM/PM marker."""
    clock = _CLOCK.match(time)
    if clock is None:  # unreachable: the header pattern guarantees a clock
        raise ValueError(f"no clock time in {time!r}")
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    marker = ampm.lower().replace(".", "").replace(" ", "")
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    return hour, minute, second


def wall_time(header: Header, order: str) -> datetime:
    """The naive local datetime of a header, given the settled day/month order."""
    # local wall time: naive on purpose
    return datetime(*calendar_day(header.date, order), *clock_time(header.time, header.ampm))


class Reading(NamedTuple):
    """What a message body means: its kind, cleaned text and any attachment named in it."""

    kind: EventKind
    body: str
    attachment_name: str | None
    attachment_mime: str
    system: bool


# A one-line attributed body that starts with none of these characters and ends with none
# of these endings is a plain message: none of the rules below can apply to it.
_PLAIN_STARTS_NOT = frozenset(MARKS + "YDMVT<")
_PLAIN_ENDS_NOT = (")", ">", "omitted", "weggelassen", *MARKS)


def read_body(body: str, *, attributed: bool) -> Reading:
    """Classify a body. ``attributed`` is False for Android lines with no ``Name:``."""
    if attributed and is_plain(body):
        return Reading(EventKind.MESSAGE, body, None, "", False)
    text = body.strip(MARKS)
    first = text.partition("\n")[0].strip(MARKS)
    lrm = body.startswith("\u200e")
    special = first.startswith(_SPECIAL_STARTS)
    if special and _BLOCK.match(first):
        return Reading(EventKind.BLOCK, text, None, "", True)
    if special and _UNBLOCK.match(first):
        return Reading(EventKind.UNBLOCK, text, None, "", True)
    if not attributed:
        return Reading(EventKind.SYSTEM, text, None, "", True)
    if special and _MISSED_CALL.match(first):
        return Reading(EventKind.CALL_MISSED, text, None, "", False)
    if special and _DELETED.match(text):
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


def author_name(raw: str, *, ios: bool) -> str:
    """The author named by the text before a line's first ``": "``, or ``""`` when that
    text is not an author (an Android system notice, empty, or too long to be a name)."""
    if not ios and _SYSTEM_ANDROID.search(raw):
        return ""
    name = raw.strip(MARKS)
    return name if name and len(raw) <= 80 else ""


def is_plain(body: str) -> bool:
    """True for a one-line body none of :func:`read_body`'s rules can apply to, whose
    reading is therefore an ordinary message with the body as written."""
    return (
        bool(body)
        and body[0] not in _PLAIN_STARTS_NOT
        and "\n" not in body
        and not body.endswith(_PLAIN_ENDS_NOT)
    )


def split_author(rest: str, *, ios: bool) -> tuple[str, str] | None:
    """``("Sam K", "text")`` from ``"Sam K: text"``; ``None`` for an unattributed line."""
    raw, found, body = rest.partition(": ")
    name = author_name(raw, ios=ios) if found else ""
    return (name, body) if name else None
