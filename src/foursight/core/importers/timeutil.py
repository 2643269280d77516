"""Time conversions shared by the importers: epochs to UTC, local wall time to UTC.

Local wall time (WhatsApp, carrier bills) is converted with the phone's recorded zone and
flagged when it falls in a DST fold (two instants) or gap (no instant), because a court
may need to know that 01:30 on the last Sunday of October is ambiguous.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from foursight.core.events import TsConfidence
from foursight.errors import ImportRejected

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COCOA_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
_COCOA_NANOSECONDS_ABOVE = 1_000_000_000_000  # iLEAPP: larger values are nanoseconds


def zone(tz_name: str) -> ZoneInfo:
    """The named IANA zone, or :class:`ImportRejected` for an unknown name."""
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImportRejected(f"unknown timezone {tz_name!r} in the import settings") from exc


def from_unix_ms(value: int) -> datetime:
    """Java/JavaScript epoch milliseconds to an aware UTC datetime (integer exact)."""
    return UNIX_EPOCH + timedelta(milliseconds=value)


def from_unix_s(value: int) -> datetime:
    return UNIX_EPOCH + timedelta(seconds=value)


def from_cocoa(value: float) -> datetime:
    """Apple Cocoa time (seconds, or nanoseconds since iOS 11) to UTC."""
    if abs(value) > _COCOA_NANOSECONDS_ABOVE:
        return COCOA_EPOCH + timedelta(microseconds=int(value) // 1000)
    return COCOA_EPOCH + timedelta(seconds=value)


def local_to_utc(naive: datetime, tz: ZoneInfo) -> tuple[datetime, TsConfidence]:
    """Convert a local wall time to UTC and say how sure that is.

    In a DST fold the earlier instant is taken (``ambiguous``); in a DST gap the wall
    time is read with the offset before the change (``nonexistent``).
    """
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    utc = first.astimezone(UTC)
    if first.utcoffset() != second.utcoffset():
        back = utc.astimezone(tz).replace(tzinfo=None)
        if back != naive:
            return utc, TsConfidence.NONEXISTENT
        return utc, TsConfidence.AMBIGUOUS
    return utc, TsConfidence.LOCAL


def steady_offset(naive: datetime, tz: ZoneInfo) -> timedelta | None:
    """The UTC offset of ``tz`` for the whole local hour containing ``naive``, or ``None``
    when that hour holds a DST change (part of it folded, skipped or differently offset)."""
    start = naive.replace(minute=0, second=0, microsecond=0)
    end = start + timedelta(minutes=59, seconds=59, microseconds=999999)
    offsets = {t.replace(tzinfo=tz, fold=f).utcoffset() for t in (start, end) for f in (0, 1)}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return offset
