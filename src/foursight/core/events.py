"""ContactEvent: the normalised timeline record every importer produces.

One event is one thing that happened between the victim's device and somebody else (a
message, a call, a block, a system notice), exactly as one export file recorded it. The
raw values a court sees (``counterpart_raw``, ``ts_raw``, ``body``) are kept beside the
normalised values analysis compares (``counterpart``, ``ts_utc``), and every event names
the file it came from by SHA-256 and the place in it (``source_locator``), so any event
can be traced back to the original bytes (ACPO principle 3).

Example::

    >>> from datetime import UTC, datetime
    >>> e = ContactEvent(
    ...     event_id=make_event_id("ab" * 32, "line 2"), source_file_sha256="ab" * 32,
    ...     source_locator="line 2", channel=Channel.WHATSAPP, direction=Direction.IN,
    ...     counterpart_raw="Sam K", counterpart="Sam K", author_label="Sam K",
    ...     ts_raw="12/03/2024, 21:14", ts_utc=datetime(2024, 3, 12, 21, 14, tzinfo=UTC),
    ...     tz_assumed="Europe/London", ts_confidence=TsConfidence.LOCAL,
    ...     body="hello", kind=EventKind.MESSAGE)
    >>> e.to_dict()["ts_utc"]
    '2024-03-12T21:14:00Z'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NamedTuple


class Channel(StrEnum):
    """The service an event travelled over."""

    SMS = "sms"
    MMS = "mms"
    CALL = "call"
    WHATSAPP = "whatsapp"
    IMESSAGE = "imessage"
    EMAIL = "email"
    FB = "fb"
    IG = "ig"
    VOICE = "voice"
    CARRIER = "carrier"


class Direction(StrEnum):
    """Seen from the victim's device: ``in`` came to the victim, ``out`` was sent by them."""

    IN = "in"
    OUT = "out"
    UNKNOWN = "unknown"


class EventKind(StrEnum):
    """What the event was. Calls are split by outcome; blocks and system lines are kept."""

    MESSAGE = "message"
    CALL_MISSED = "call_missed"
    CALL_ANSWERED = "call_answered"
    CALL_OUTGOING = "call_outgoing"
    CALL_REJECTED = "call_rejected"
    CALL_BLOCKED = "call_blocked"
    BLOCK = "block"
    UNBLOCK = "unblock"
    DELETED = "deleted"
    EDITED = "edited"
    SYSTEM = "system"


class TsConfidence(StrEnum):
    """How far ``ts_utc`` can be trusted.

    ``exact``: the source stored an absolute instant (epoch or an offset).
    ``local``: the source stored local wall time, converted with ``tz_assumed``.
    ``ambiguous``: local wall time inside a DST fold (the earlier instant was taken).
    ``nonexistent``: local wall time inside a DST gap (shifted forward by the gap).
    ``minute``: local wall time with no seconds recorded (WhatsApp Android).
    """

    EXACT = "exact"
    LOCAL = "local"
    MINUTE = "minute"
    AMBIGUOUS = "ambiguous"
    NONEXISTENT = "nonexistent"


class Severity(StrEnum):
    """How much a parse problem matters. ``error`` problems are shown to the officer."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message. ``sha256``/``size`` are ``None`` when the bytes are absent
    from the export (WhatsApp "without media", a missing zip member)."""

    name: str
    sha256: str | None
    mime: str
    size: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "mime": self.mime, "size": self.size}


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a file the importer could not take at face value, with where it is.

    ``locator`` is human readable: ``"line 12"``, ``"byte 345"``, ``"_chat.txt line 3"``.
    """

    file: str
    locator: str
    message: str
    severity: Severity = Severity.WARNING

    def to_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "locator": self.locator,
            "message": self.message,
            "severity": self.severity.value,
        }


def make_event_id(source_file_sha256: str, source_locator: str) -> str:
    """Deterministic id: the first 32 hex digits of SHA-256 over ``hash NUL locator``."""
    digest = hashlib.sha256(f"{source_file_sha256}\x00{source_locator}".encode())
    return digest.hexdigest()[:32]


def format_utc(value: datetime) -> str:
    """``2024-03-12T21:14:00Z`` (microseconds kept only when present)."""
    text = value.astimezone(UTC).replace(tzinfo=None).isoformat()
    return f"{text}Z"


class ContactEvent(NamedTuple):
    """One normalised timeline record (evidence-formats.md §1.8).

    ``counterpart`` is the other party normalised for matching: E.164 for phone numbers,
    lower-cased e-mail addresses and handles, otherwise the raw label; ``""`` when the
    other party is unknown or withheld. ``author_label`` is the sender as the export names
    it (a contact name, a number, ``"Me"``). ``conversation`` names the chat or thread,
    used for scope filtering. ``meta`` holds format-specific facts as sorted string pairs
    (Gmail labels and thread id, call duration, subject, message id).

    An event is an immutable named tuple: cheap to build by the million (an importer's
    hot path builds them column-wise with ``tuple.__new__``) and safe to share. ``ts_utc``
    must be timezone-aware; :meth:`checked` builds an event and enforces that.
    """

    event_id: str
    source_file_sha256: str
    source_locator: str
    channel: Channel
    direction: Direction
    counterpart_raw: str
    counterpart: str
    author_label: str
    ts_raw: str
    ts_utc: datetime
    tz_assumed: str
    ts_confidence: TsConfidence
    body: str
    kind: EventKind
    attachments: tuple[Attachment, ...] = ()
    withheld: bool = False
    conversation: str = ""
    duration_s: float | None = None
    meta: tuple[tuple[str, str], ...] = ()
    parser: str = ""

    @classmethod
    def checked(cls, **fields: Any) -> ContactEvent:
        """Build an event from keyword fields, refusing a naive ``ts_utc``."""
        event = cls(**fields)
        if event.ts_utc.tzinfo is None:
            raise ValueError("ContactEvent.ts_utc must be timezone-aware")
        return event

    @property
    def presentation(self) -> bool:
        """Alias of ``withheld``: ``True`` when caller-line identity was withheld."""
        return self.withheld

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a fixed key order, so serialisation is byte-stable."""
        return {
            "event_id": self.event_id,
            "source_file_sha256": self.source_file_sha256,
            "source_locator": self.source_locator,
            "channel": self.channel.value,
            "direction": self.direction.value,
            "counterpart_raw": self.counterpart_raw,
            "counterpart": self.counterpart,
            "author_label": self.author_label,
            "ts_raw": self.ts_raw,
            "ts_utc": format_utc(self.ts_utc),
            "tz_assumed": self.tz_assumed,
            "ts_confidence": self.ts_confidence.value,
            "body": self.body,
            "kind": self.kind.value,
            "attachments": [a.to_dict() for a in self.attachments],
            "withheld": self.withheld,
            "conversation": self.conversation,
            "duration_s": self.duration_s,
            "meta": dict(sorted(self.meta)),
            "parser": self.parser,
        }
