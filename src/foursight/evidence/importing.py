"""Importing one file into a report: hash, parse and store, keep the original.

The order is fixed by the integrity rules: the file is hashed before it is parsed; its
events are written in batches as they are parsed (:mod:`foursight.evidence.storing`),
but nothing of it is evidence until the final transaction marks the exhibit
``imported`` with its custody entry. A file rejected part-way leaves only the custody
entry recording the rejection. An event already stored from an overlapping export of
the same phone (same channel, direction, counterpart, time, kind and text) is not stored
twice but gains the new source reference.

Crash safety: imports into one report take turns under the report's import lock
(:mod:`foursight.evidence.locks`), which dies with its holder. Whoever takes the lock
first finds any exhibit still ``storing`` (its importer died), removes its rows and marks
it ``failed``; importing the same file under the same exhibit reference again completes
that exhibit, with exactly one copy of each event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Report
from foursight.core.events import ContactEvent
from foursight.core.importers import Importer, detect, get_importer, sha256_file
from foursight.errors import ImportRejected, InvalidInput
from foursight.evidence.locks import report_lock
from foursight.evidence.meta import ImportMeta
from foursight.evidence.models import Exhibit, Original
from foursight.evidence.store import add_custody, keep_original
from foursight.evidence.storing import (
    Progress,
    derived_hash,
    discard_rows,
    fingerprints,
    store_events,
)

__all__ = [
    "ImportOutcome",
    "Progress",
    "derived_hash",
    "fingerprints",
    "import_exhibit",
    "parse",
    "recover_interrupted",
    "store_events",
]

#: How long an import waits for another import into the same report to finish.
LOCK_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class ImportOutcome:
    exhibit: Exhibit
    duplicate: bool


def actor_label(actor: User | None) -> str:
    return f"{actor.username} ({actor.role})" if actor is not None else "system"


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
            Verb.IMPORT_REJECTED,
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


def _renamed(events: Iterable[ContactEvent], path: Path, name: str) -> Iterator[ContactEvent]:
    """The importer's stream, with rejections naming the file as the user knows it."""
    try:
        yield from events
    except ImportRejected as exc:
        raise ImportRejected(exc.message.replace(path.name, name)) from exc


def recover_interrupted(actor: User | None, report: Report) -> list[Exhibit]:
    """Mark the report's exhibits whose import died ``failed`` and remove their rows.

    Call only while holding the report's import lock: then no live import is writing, so
    an exhibit still ``storing`` was left by a process that ended part-way."""
    recovered = []
    for exhibit in Exhibit.objects.filter(report=report, status=Exhibit.Status.STORING):
        removed = discard_rows(exhibit)
        message = (
            f"the import stopped before it completed ({removed} partial events removed); "
            f"import the same file as exhibit {exhibit.reference} again to complete it"
        )
        with transaction.atomic():
            exhibit.status = Exhibit.Status.FAILED
            exhibit.message = message
            exhibit.events = exhibit.duplicates = 0
            exhibit.save(update_fields=["status", "message", "events", "duplicates"])
            add_custody(
                report,
                exhibit.reference,
                actor="system",
                action="interrupted",
                input={"name": exhibit.file_name, "sha256": exhibit.original_id},
                outputs=[],
                basis="",
                detail=message,
            )
            record(
                actor,
                Verb.IMPORT_INTERRUPTED,
                "exhibit",
                exhibit.pk,
                detail={"report": report.pk, "removed": removed},
            )
        recovered.append(exhibit)
    return recovered


def _duplicate(
    actor: User | None, report: Report, same: Exhibit, meta: ImportMeta, name: str, size: int
) -> ImportOutcome:
    with transaction.atomic():
        add_custody(
            report,
            same.reference,
            actor=actor_label(actor),
            action="duplicate",
            input={"name": name, "sha256": same.original_id, "bytes": size},
            outputs=[],
            basis=meta.basis(),
            detail=f"received again as exhibit {meta.reference}: identical to this "
            "exhibit's original, nothing stored",
        )
        record(
            actor,
            Verb.IMPORT_DUPLICATED,
            "exhibit",
            same.pk,
            detail={"report": report.pk, "sha256": same.original_id},
        )
    return ImportOutcome(same, True)


def import_exhibit(
    actor: User | None,
    report: Report,
    path: Path,
    name: str,
    meta: ImportMeta,
    progress: Progress | None = None,
    *,
    wait: float = LOCK_WAIT_SECONDS,
) -> ImportOutcome:
    """Import the file at ``path`` (shown as ``name``) into ``report`` as ``meta.reference``.

    Completes whole or raises; a file already imported on the report is recognised
    (``duplicate``); the same file under the same reference after an import that did not
    complete completes that exhibit. Waits up to ``wait`` seconds for another import into
    the same report (``Conflict`` after that)."""
    sha = sha256_file(path)
    size = path.stat().st_size
    with report_lock(report.pk, wait=wait):
        recover_interrupted(actor, report)
        same_file = Exhibit.objects.filter(report=report, original_id=sha).first()
        if same_file is not None and same_file.status == Exhibit.Status.IMPORTED:
            return _duplicate(actor, report, same_file, meta, name, size)
        if same_file is not None and same_file.reference != meta.reference:
            raise InvalidInput(
                f"exhibit: this file is exhibit {same_file.reference}, whose import did not "
                f"complete; import it again as {same_file.reference} to complete it",
                field="exhibit",
            )
        if (
            same_file is None
            and Exhibit.objects.filter(report=report, reference=meta.reference).exists()
        ):
            raise InvalidInput(
                f"exhibit: {meta.reference} is already used on this report for another file",
                field="exhibit",
            )
        return _import(actor, report, path, name, meta, sha, size, same_file, progress)


def _begin(
    actor: User | None,
    report: Report,
    meta: ImportMeta,
    name: str,
    sha: str,
    size: int,
    importer: Importer,
    retry: Exhibit | None,
) -> Exhibit:
    """The exhibit row, ``storing``: new, or the failed exhibit being completed."""
    fields: dict[str, Any] = {
        "file_name": name[:255],
        "format": importer.id,
        "parser_version": importer.version,
        "victim_ids": list(meta.victim_ids),
        "victim_names": list(meta.victim_ids),
        "locale": meta.locale,
        "tz": meta.tz,
        "consent_reference": meta.consent_reference,
        "scope_from": meta.scope_from,
        "scope_to": meta.scope_to,
        "scope_apps": list(meta.scope_apps),
        "scope_conversations": list(meta.scope_conversations),
        "status": Exhibit.Status.STORING,
        "message": "",
        "events": 0,
        "duplicates": 0,
    }
    with transaction.atomic():
        original, _ = Original.objects.get_or_create(sha256=sha, defaults={"size": size})
        if retry is None:
            exhibit = Exhibit.objects.create(
                report=report,
                reference=meta.reference,
                original=original,
                created_by=actor,
                **fields,
            )
        else:
            exhibit = retry
            for key, value in fields.items():
                setattr(exhibit, key, value)
            exhibit.save(update_fields=list(fields))
        record(
            actor,
            Verb.IMPORT_STARTED,
            "exhibit",
            exhibit.pk,
            detail={"report": report.pk, "sha256": sha, "retry": retry is not None},
        )
    return exhibit


def _abandon(exhibit: Exhibit, retry: Exhibit | None, message: str) -> None:
    """Undo a failed attempt: its rows go; a new exhibit goes, a retried one stays failed."""
    discard_rows(exhibit)
    if retry is None:
        original = exhibit.original_id
        exhibit.delete()
        Original.objects.filter(sha256=original, exhibits__isnull=True).delete()
    else:
        Exhibit.objects.filter(pk=exhibit.pk).update(
            status=Exhibit.Status.FAILED, message=message, events=0, duplicates=0
        )


def _import(
    actor: User | None,
    report: Report,
    path: Path,
    name: str,
    meta: ImportMeta,
    sha: str,
    size: int,
    retry: Exhibit | None,
    progress: Progress | None,
) -> ImportOutcome:
    if progress:
        progress("parsing", 0, 0)
    ctx = meta.context()
    try:
        importer = get_importer(meta.format) if meta.format else detect(path)
    except ImportRejected as exc:
        message = exc.message.replace(path.name, name)
        _reject(actor, report, meta, name, sha, size, message)
        raise ImportRejected(message) from exc
    exhibit = _begin(actor, report, meta, name, sha, size, importer, retry)
    derived = hashlib.sha256()
    try:
        stream = _renamed(importer.parse(path, ctx), path, name)
        stored, dupes = store_events(report, exhibit, stream, progress, derived)
        keep_original(path, sha)
    except ImportRejected as exc:
        _abandon(exhibit, retry, exc.message)
        _reject(actor, report, meta, name, sha, size, exc.message)
        raise
    except Exception:
        message = f"{name}: the events could not be stored"
        _abandon(exhibit, retry, message)
        _reject(actor, report, meta, name, sha, size, message)
        raise
    members = [
        {
            "name": m.name,
            "sha256": m.sha256,
            "bytes": m.size,
            "container_sha256": m.container_sha256,
        }
        for m in ctx.members
    ]
    total = stored + dupes
    with transaction.atomic():
        exhibit.events, exhibit.duplicates = stored, dupes
        exhibit.status = Exhibit.Status.IMPORTED
        exhibit.problems = [p.to_dict() for p in ctx.problems]
        exhibit.members = members
        exhibit.derived_sha256 = derived.hexdigest()
        exhibit.save(
            update_fields=[
                "events",
                "duplicates",
                "status",
                "problems",
                "members",
                "derived_sha256",
            ]
        )
        outputs = [
            *members,
            {"name": "events.jsonl", "sha256": exhibit.derived_sha256, "events": total},
        ]
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
            Verb.IMPORTED,
            "exhibit",
            exhibit.pk,
            detail={"report": report.pk, "events": stored, "duplicates": dupes},
        )
    return ImportOutcome(exhibit, False)
