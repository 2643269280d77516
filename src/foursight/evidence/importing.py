"""Importing one file into a report: hash, parse, keep the original, store the events.

The order is fixed by the integrity rules: the file is hashed before it is parsed; it is
parsed completely (all or nothing) before anything is stored; a rejected file leaves only
the custody entry recording the rejection. Events are bulk-inserted in batches so a large
import shows its progress; an event already stored from an overlapping export of the same
phone (same channel, direction, counterpart, time, kind and text) is not stored twice but
gains the new source reference.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.cases.models import Report
from foursight.core.events import ContactEvent
from foursight.core.importers import detect, get_importer, sha256_file
from foursight.errors import ImportRejected, InvalidInput
from foursight.evidence.meta import ImportMeta
from foursight.evidence.models import EventSource, Exhibit, Original, StoredEvent
from foursight.evidence.store import add_custody, keep_original

Progress = Callable[[str, int, int], None]
BATCH = 10000
COLUMNS = (
    "report_id exhibit_id event_id fingerprint source_sha256 locator channel direction "
    "counterpart_raw counterpart author_label ts_raw ts_utc tz_assumed ts_confidence body kind "
    "withheld conversation duration_s attachments meta parser"
).split()


@dataclass(frozen=True)
class ImportOutcome:
    exhibit: Exhibit
    duplicate: bool


def actor_label(actor: User | None) -> str:
    return f"{actor.username} ({actor.role})" if actor is not None else "system"


def fingerprints(events: Iterable[ContactEvent]) -> Iterator[str]:
    """The same communication in two exports of one phone gets the same fingerprint; the
    n-th identical message within one file stays distinct (n is part of the key). The 32
    characters are the UTC second in hex, then 88 bits of SHA-256 over the key."""
    seen: Counter[str] = Counter()
    for e in events:
        key = "\x00".join(
            (e.channel, e.direction, e.counterpart, e.ts_utc.isoformat(), e.kind, e.body)
        )
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x00{seen[key]}".encode()).hexdigest()
        # time first, so the unique index grows at its end (bulk loads stay sequential)
        yield f"{int(e.ts_utc.timestamp()):010x}{digest[:22]}"


def derived_hash(events: Iterable[ContactEvent]) -> str:
    """SHA-256 of the canonical JSON Lines of the events: the derived output's identity."""
    digest = hashlib.sha256()
    for e in events:
        line = json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _reject(
    actor: User | None,
    report: Report,
    meta: ImportMeta,
    name: str,
    sha: str,
    size: int,
    message: str,
) -> None:
    with transaction.atomic():
        add_custody(
            report,
            meta.reference,
            actor=actor_label(actor),
            action="reject",
            input={"name": name, "sha256": sha, "bytes": size},
            outputs=[],
            basis=meta.basis(),
            detail=message,
        )
        record(
            actor,
            "import_rejected",
            "exhibit",
            meta.reference,
            detail={"report": report.pk, "sha256": sha, "reason": message},
        )


def parse(
    path: Path, name: str, meta: ImportMeta, progress: Progress | None = None
) -> tuple[Any, list[ContactEvent], Any]:
    """Detect and parse the whole file (raises ImportRejected naming the file and place);
    ``progress("parsing", events read, 0)`` is called every 10,000 events."""
    ctx = meta.context()
    try:
        importer = get_importer(meta.format) if meta.format else detect(path)
        events: list[ContactEvent] = []
        for event in importer.parse(path, ctx):
            events.append(event)
            if progress and len(events) % 10_000 == 0:
                progress("parsing", len(events), 0)
    except ImportRejected as exc:
        raise ImportRejected(exc.message.replace(path.name, name)) from exc
    return importer, events, ctx


def import_exhibit(
    actor: User | None,
    report: Report,
    path: Path,
    name: str,
    meta: ImportMeta,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import the file at ``path`` (shown as ``name``) into ``report`` as ``meta.reference``."""
    sha = sha256_file(path)
    size = path.stat().st_size
    same_file = Exhibit.objects.filter(report=report, original_id=sha).first()
    if same_file is not None:
        with transaction.atomic():
            add_custody(
                report,
                same_file.reference,
                actor=actor_label(actor),
                action="duplicate",
                input={"name": name, "sha256": sha, "bytes": size},
                outputs=[],
                basis=meta.basis(),
                detail=f"received again as exhibit {meta.reference}: identical to this "
                "exhibit's original, nothing stored",
            )
            record(
                actor,
                "import_duplicate",
                "exhibit",
                same_file.pk,
                detail={"report": report.pk, "sha256": sha},
            )
        return ImportOutcome(same_file, True)
    if Exhibit.objects.filter(report=report, reference=meta.reference).exists():
        raise InvalidInput(
            f"exhibit: {meta.reference} is already used on this report for another file",
            field="exhibit",
        )
    if progress:
        progress("parsing", 0, 0)
    try:
        importer, events, ctx = parse(path, name, meta, progress)
    except ImportRejected as exc:
        _reject(actor, report, meta, name, sha, size, exc.message)
        raise
    keep_original(path, sha)
    derived = derived_hash(events)
    members = [
        {
            "name": m.name,
            "sha256": m.sha256,
            "bytes": m.size,
            "container_sha256": m.container_sha256,
        }
        for m in ctx.members
    ]
    with transaction.atomic():
        original, _ = Original.objects.get_or_create(sha256=sha, defaults={"size": size})
        exhibit = Exhibit.objects.create(
            report=report,
            reference=meta.reference,
            original=original,
            file_name=name[:255],
            format=importer.id,
            parser_version=importer.version,
            victim_ids=list(meta.victim_ids),
            victim_names=list(meta.victim_ids),
            locale=meta.locale,
            tz=meta.tz,
            consent_reference=meta.consent_reference,
            scope_from=meta.scope_from,
            scope_to=meta.scope_to,
            scope_apps=list(meta.scope_apps),
            scope_conversations=list(meta.scope_conversations),
            problems=[p.to_dict() for p in ctx.problems],
            members=members,
            derived_sha256=derived,
            created_by=actor,
        )
        record(
            actor,
            "import_started",
            "exhibit",
            exhibit.pk,
            detail={"report": report.pk, "sha256": sha, "events": len(events)},
        )
    try:
        stored, dupes = store_events(report, exhibit, events, progress)
    except Exception:
        StoredEvent.objects.filter(exhibit=exhibit).delete()
        exhibit.delete()
        _reject(actor, report, meta, name, sha, size, f"{name}: the events could not be stored")
        raise
    with transaction.atomic():
        exhibit.events, exhibit.duplicates = stored, dupes
        exhibit.status = Exhibit.Status.IMPORTED
        exhibit.save(update_fields=["events", "duplicates", "status"])
        outputs = [*members, {"name": "events.jsonl", "sha256": derived, "events": len(events)}]
        add_custody(
            report,
            meta.reference,
            actor=actor_label(actor),
            action="ingest",
            input={"name": name, "sha256": sha, "bytes": size},
            outputs=outputs,
            basis=meta.basis(),
            detail=f"{importer.id}/{importer.version}: {stored} events stored, "
            f"{dupes} already held from an overlapping export, "
            f"{len(ctx.problems)} problems",
        )
        record(
            actor,
            "import",
            "exhibit",
            exhibit.pk,
            detail={"report": report.pk, "events": stored, "duplicates": dupes},
        )
    return ImportOutcome(exhibit, False)


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


def store_events(
    report: Report, exhibit: Exhibit, events: list[ContactEvent], progress: Progress | None
) -> tuple[int, int]:
    """Bulk-insert the events in batches; returns (stored, already held)."""
    if not events:
        return 0, 0
    prints = list(fingerprints(events))
    lo, hi = min(e.ts_utc for e in events), max(e.ts_utc for e in events)
    held = dict(
        StoredEvent.objects.filter(report=report, ts_utc__gte=lo, ts_utc__lte=hi).values_list(
            "fingerprint", "id"
        )
    )
    adapt = _sqlite_datetime if connection.vendor == "sqlite" else _same
    table = StoredEvent._meta.db_table
    # table and column names are constants of this module, values are parameters
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608
    stored = dupes = 0
    total = len(events)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a bigger page cache for index maintenance
            cursor.execute("PRAGMA cache_size = -262144")
    for start in range(0, total, BATCH):
        rows, sources = [], []
        for e, fp in zip(events[start : start + BATCH], prints[start : start + BATCH], strict=True):
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
        with transaction.atomic(), connection.cursor() as cursor:
            if rows and connection.vendor == "postgresql":
                # Batches need not wait for their own WAL flush: the final transaction
                # (status "imported" and the custody entry) commits synchronously, and
                # WAL is flushed in order, so once it is durable every batch is too.
                cursor.execute("SET LOCAL synchronous_commit = off")
                _copy(cursor.cursor, table, rows)
            elif rows:
                cursor.executemany(sql, rows)
            EventSource.objects.bulk_create(sources, batch_size=1000)
        stored += len(rows)
        dupes += len(sources)
        if progress:
            progress("storing", min(start + BATCH, total), total)
    return stored, dupes


def _copy(raw_cursor: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY is several times faster than multi-row INSERT for bulk loads."""
    with raw_cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
