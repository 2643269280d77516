"""Writing an exhibit's events to the database in batches, as they are parsed.

Memory stays flat in the size of the file: events arrive from the importer as a stream
and go to the database 10,000 at a time; what is kept across the whole file is one
16-to-32-byte slot per distinct event key (to tell the n-th identical message apart) and
the running SHA-256 of the derived JSON Lines. Each batch commits on its own; the rows
are not evidence until the import's final transaction marks the exhibit ``imported``
(:class:`~foursight.evidence.models.EvidenceEvents`), and rows of an import that did not
complete are removed with :func:`discard_rows`.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from django.db import connection, transaction

from foursight.cases.models import Report
from foursight.core.events import ContactEvent
from foursight.evidence.models import EventSource, Exhibit, StoredEvent

Progress = Callable[[str, int, int], None]
BATCH = 10000
COLUMNS = (
    "report_id exhibit_id event_id fingerprint source_sha256 locator channel direction "
    "counterpart_raw counterpart author_label ts_raw ts_utc tz_assumed ts_confidence body kind "
    "withheld conversation duration_s attachments meta parser"
).split()


class KeyCounter:
    """How many times each key has been seen, in one 8-byte slot per distinct key (an
    open-addressing table of 64-bit BLAKE2b digests, kept at most half full) plus a dict
    for keys seen more than once, which are rare."""

    def __init__(self) -> None:
        self.slots = array("Q", bytes(8 * 1024))
        self.used = 0
        self.repeats: dict[int, int] = {}

    def add(self, key: bytes) -> int:
        """Count ``key`` once more; returns how many times it has now been seen."""
        digest = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little") | 1
        slots, mask = self.slots, len(self.slots) - 1
        i = digest & mask
        while True:
            held = slots[i]
            if held == 0:
                slots[i] = digest
                self.used += 1
                if 2 * self.used > mask:
                    self._grow()
                return 1
            if held == digest:
                n = self.repeats.get(digest, 1) + 1
                self.repeats[digest] = n
                return n
            i = (i + 1) & mask

    def _grow(self) -> None:
        old = self.slots
        self.slots = array("Q", bytes(16 * len(old)))
        slots, mask = self.slots, len(self.slots) - 1
        for digest in old:
            if digest:
                i = digest & mask
                while slots[i]:
                    i = (i + 1) & mask
                slots[i] = digest


def fingerprint(e: ContactEvent, seen: KeyCounter) -> str:
    """The same communication in two exports of one phone gets the same fingerprint; the
    n-th identical message within one file stays distinct (n is part of the key). The 32
    characters are the UTC second in hex, then 88 bits of SHA-256 over the key."""
    key = "\x00".join((e.channel, e.direction, e.counterpart, e.ts_utc.isoformat(), e.kind, e.body))
    encoded = key.encode()
    n = seen.add(encoded)
    digest = hashlib.sha256(encoded + f"\x00{n}".encode()).hexdigest()
    # time first, so the unique index grows at its end (bulk loads stay sequential)
    return f"{int(e.ts_utc.timestamp()):010x}{digest[:22]}"


def fingerprints(events: Iterable[ContactEvent]) -> Iterator[str]:
    """Fingerprints of a sequence of events from one file, in order."""
    seen = KeyCounter()
    for e in events:
        yield fingerprint(e, seen)


def derived_line(e: ContactEvent) -> bytes:
    """One line of the canonical JSON Lines whose SHA-256 is the derived output's identity."""
    line = json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return line.encode("utf-8") + b"\n"


def derived_hash(events: Iterable[ContactEvent]) -> str:
    """SHA-256 of the canonical JSON Lines of the events."""
    digest = hashlib.sha256()
    for e in events:
        digest.update(derived_line(e))
    return digest.hexdigest()


def _sqlite_datetime(value: datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime (naive UTC, ISO with a
    space), without its per-value checks: a million of them add up."""
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _same(value: datetime) -> datetime:
    return value


def _row(report_id: int, exhibit_id: int, e: ContactEvent, fp: str, adapt: Any) -> tuple[Any, ...]:
    attachments = (
        json.dumps([a.to_dict() for a in e.attachments], ensure_ascii=False)
        if e.attachments
        else "[]"
    )
    meta = json.dumps(dict(sorted(e.meta)), ensure_ascii=False) if e.meta else "{}"
    return (
        report_id,
        exhibit_id,
        e.event_id,
        fp,
        e.source_file_sha256,
        e.source_locator[:200],
        e.channel.value,
        e.direction.value,
        e.counterpart_raw[:300],
        e.counterpart[:300],
        e.author_label[:300],
        e.ts_raw[:80],
        adapt(e.ts_utc),
        e.tz_assumed[:60],
        e.ts_confidence.value,
        e.body,
        e.kind.value,
        e.withheld,
        e.conversation[:300],
        e.duration_s,
        attachments,
        meta,
        e.parser[:40],
    )


def _held(report: Report, prints: list[str]) -> dict[str, int]:
    """Fingerprints among ``prints`` already stored for the report (by other exhibits)."""
    held: dict[str, int] = {}
    for start in range(0, len(prints), 900):
        rows = StoredEvent.all_rows.filter(
            report=report, fingerprint__in=prints[start : start + 900]
        )
        held.update(rows.values_list("fingerprint", "id"))
    return held


def store_events(
    report: Report,
    exhibit: Exhibit,
    events: Iterable[ContactEvent],
    progress: Progress | None,
    derived: Any = None,
) -> tuple[int, int]:
    """Insert the events as they arrive, a batch at a time; returns (stored, already held
    from an overlapping export). ``derived``, a hashlib object, is fed each event's
    canonical line. Events of other exhibits on the report are looked up only when there
    are any (a first import into a report has nothing to compare with)."""
    others = StoredEvent.all_rows.filter(report=report).exclude(exhibit=exhibit).exists()
    adapt = _sqlite_datetime if connection.vendor == "sqlite" else _same
    table = StoredEvent._meta.db_table
    # table and column names are constants of this module, values are parameters
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # 16 MiB of page cache: the indexes grow at few places
            cursor.execute("PRAGMA cache_size = -16384")
    seen = KeyCounter()
    stream = iter(events)
    stored = dupes = 0
    while batch := list(islice(stream, BATCH)):
        prints = [fingerprint(e, seen) for e in batch]
        held = _held(report, prints) if others else {}
        rows, sources = [], []
        for e, fp in zip(batch, prints, strict=True):
            if derived is not None:
                derived.update(derived_line(e))
            if fp in held:
                sources.append(
                    EventSource(
                        event_id=held[fp],
                        exhibit=exhibit,
                        source_event_id=e.event_id,
                        source_sha256=e.source_file_sha256,
                        locator=e.source_locator[:200],
                    )
                )
            else:
                rows.append(_row(report.pk, exhibit.pk, e, fp, adapt))
        del batch, prints
        with transaction.atomic(), connection.cursor() as cursor:
            if rows and connection.vendor == "postgresql":
                # Batches need not wait for their own WAL flush: the final transaction
                # (status "imported" and the custody entry) commits synchronously, and
                # WAL is flushed in order, so once it is durable every batch is too.
                cursor.execute("SET LOCAL synchronous_commit = off")
                _copy(cursor.cursor, table, rows)
            elif rows:
                cursor.executemany(sql, rows)
            EventSource.all_rows.bulk_create(sources, batch_size=1000)
        stored += len(rows)
        dupes += len(sources)
        if progress:
            progress("storing", stored + dupes, 0)
    return stored, dupes


def _copy(raw_cursor: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY is several times faster than multi-row INSERT for bulk loads."""
    with raw_cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def discard_rows(exhibit: Exhibit) -> int:
    """Remove every stored row of an exhibit that is not (or no longer) imported: its
    events, the sources it added to other events, and sources others added to its events
    (none while imports into a report take turns). Batched, so a large partial import does
    not make one huge transaction; returns how many events were removed."""
    removed = 0
    EventSource.all_rows.filter(exhibit=exhibit).delete()
    while True:
        ids = list(StoredEvent.all_rows.filter(exhibit=exhibit).values_list("id", flat=True)[:5000])
        if not ids:
            return removed
        with transaction.atomic():
            StoredEvent.all_rows.filter(id__in=ids).delete()  # and their sources (cascade)
        removed += len(ids)
