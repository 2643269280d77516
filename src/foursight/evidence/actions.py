"""State changes for phone evidence: import an exhibit, attribute an identifier.

Each action checks the user through the evidence gatekeepers, validates its input (a bad
field raises ``InvalidInput`` naming it and changes nothing) and writes its audit entry
with the change. The import itself is in :mod:`foursight.evidence.importing`; large
uploads are queued as tasks (:mod:`foursight.evidence.jobs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.core.attributions import Attribute, check_attribution, counterpart
from foursight.errors import InvalidInput, NotFound, TooLarge
from foursight.evidence import analysis
from foursight.evidence.access import evidence_writer_report
from foursight.evidence.importing import ImportOutcome, import_exhibit
from foursight.evidence.jobs import enqueue, ensure_worker, meta_params, queue_analysis
from foursight.evidence.meta import ImportMeta
from foursight.evidence.models import Attribution, Exhibit, Job, StoredEvent
from foursight.evidence.store import add_custody, fit_name, holding_path, release
from foursight.server.uploads import limit_message

MAX_NAME = 200


@dataclass(frozen=True)
class UploadResult:
    """Either the import's outcome (small files) or the queued job (large files)."""

    outcome: ImportOutcome | None
    job: Job | None


def _clean_name(name: str) -> str:
    """The upload's own name, without folders or control characters, shortened to
    ``MAX_NAME`` characters with its extension kept."""
    base = "".join(ch for ch in Path(name or "").name if ch.isprintable()).strip()
    if not base:
        raise InvalidInput("file: give the export file", field="file")
    if len(base) > MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        tail = f".{suffix}" if dot and stem and len(suffix) <= 16 else ""
        base = (base[: -len(tail)] if tail else base)[: MAX_NAME - len(tail)] + tail
    return fit_name(base, 240)


def _hold(stream: IO[bytes], name: str) -> Path:
    """Copy the upload into a private holding file, stopping past the upload limit;
    nothing is left behind if that fails."""
    limit = int(settings.UPLOAD_MAX_BYTES)
    path = holding_path(name)
    try:
        written = 0
        with open(path, "wb") as out:
            while chunk := stream.read(1 << 20):
                written += len(chunk)
                if written > limit:
                    raise TooLarge(limit_message(), field="file")
                out.write(chunk)
    except BaseException:
        release(path)
        raise
    return path


def import_into(
    actor: User | None, report: Report, path: Path, name: str, meta: ImportMeta
) -> ImportOutcome:
    """Import a file into a report already checked for the actor, then re-analyse."""
    outcome = import_exhibit(actor, report, path, name, meta)
    if not outcome.duplicate:
        reanalyse(actor, report)
    return outcome


#: Above this many stored events the analysis runs as a background job, not in the request.
ANALYSE_INLINE_EVENTS = 200_000


def reanalyse(actor: User | None, report: Report) -> Job | None:
    """Bring the analysis up to date now, or queue it when the report is large."""
    total = sum(Exhibit.objects.filter(report=report).values_list("events", flat=True))
    if total > ANALYSE_INLINE_EVENTS:
        return queue_analysis(actor, report)
    analysis.refresh(actor, report)
    return None


def upload_exhibit(
    actor: User,
    report_id: int,
    stream: IO[bytes] | None,
    name: str,
    size: int,
    meta: ImportMeta,
    *,
    justification: str = "",
) -> UploadResult:
    """Take an uploaded export with its checked metadata (``evidence.meta.clean_meta``);
    import now, or queue it when large."""
    report = evidence_writer_report(actor, report_id, justification=justification)
    if stream is None:
        raise InvalidInput("file: give the export file", field="file")
    if size > settings.UPLOAD_MAX_BYTES:
        raise TooLarge(limit_message(), field="file")
    name = _clean_name(name)
    path = _hold(stream, name)
    if size > settings.EVIDENCE_INLINE_BYTES:
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    report=report,
                    exhibit_reference=meta.reference,
                    created_by=actor,
                    total=0,
                    message="queued",
                    params={"path": str(path), "name": name, "meta": meta_params(meta)},
                )
                record(
                    actor,
                    Verb.IMPORT_QUEUED,
                    "exhibit",
                    meta.reference,
                    detail={"report": report.pk, "job": job.pk, "bytes": size},
                )
                enqueue(job)
        except BaseException:
            release(path)
            raise
        ensure_worker()
        return UploadResult(None, job)
    try:
        return UploadResult(import_into(actor, report, path, name, meta), None)
    finally:
        release(path)


def attribute(
    actor: User, report_id: int, command: Attribute, *, justification: str = ""
) -> Attribution:
    """Attribute a counterpart identifier to a suspect on the report; the analysis updates."""
    report = evidence_writer_report(actor, report_id, justification=justification)
    raw, identifier = command.identifier.strip(), counterpart(command)
    # the identifier is looked for first: it is the field the officer is most likely to mistype
    if raw and not StoredEvent.objects.filter(report=report, counterpart=identifier).exists():
        raise InvalidInput(
            f"identifier: {raw!r} is not a counterpart in this report's evidence",
            field="identifier",
        )
    command = check_attribution(command)
    basis, person_id = command.basis, command.person_id
    assert person_id is not None  # check_attribution refuses none
    suspect = Party.objects.filter(
        report=report, role=Party.Role.SUSPECT, person_id=person_id
    ).first()
    if suspect is None:
        raise InvalidInput("person_id: choose a suspect on this report", field="person_id")
    with transaction.atomic():
        if Attribution.objects.filter(report=report, identifier=identifier).exists():
            raise InvalidInput(
                f"identifier: {identifier} is already attributed", field="identifier"
            )
        attribution = Attribution.objects.create(
            report=report,
            identifier=identifier,
            person_id=suspect.person_id,
            basis=basis,
            created_by=actor,
        )
        record(
            actor,
            Verb.ATTRIBUTED,
            "identifier",
            attribution.pk,
            justification=justification.strip(),
            detail={"report": report.pk, "identifier": identifier, "person": suspect.person_id},
        )
    reanalyse(actor, report)
    return attribution


def withdraw_attribution(
    actor: User, report_id: int, attribution_id: int, *, justification: str = ""
) -> None:
    """Withdraw an attribution made in error; the analysis updates."""
    report = evidence_writer_report(actor, report_id, justification=justification)
    with transaction.atomic():
        attribution = Attribution.objects.filter(report=report, pk=attribution_id).first()
        if attribution is None:
            raise NotFound("attribution")
        detail = {
            "report": report.pk,
            "identifier": attribution.identifier,
            "person": attribution.person_id,
        }
        attribution.delete()
        record(
            actor,
            Verb.UNATTRIBUTED,
            "identifier",
            attribution_id,
            justification=justification.strip(),
            detail=detail,
        )
    reanalyse(actor, report)


def record_derivation(
    actor: User,
    exhibit: Exhibit,
    *,
    output_name: str,
    output_sha256: str,
    basis: str,
    detail: str = "",
) -> None:
    """Add a derived file (a redacted disclosure copy) to the exhibit's custody log: the
    original is the input and stays untouched; the new file is the output. Runs inside
    the caller's transaction; the caller has checked the actor against the report."""
    add_custody(
        exhibit.report,
        exhibit.reference,
        actor=actor.username,
        action="derived",
        input={"name": exhibit.file_name, "sha256": exhibit.original.sha256},
        outputs=[{"name": output_name, "sha256": output_sha256}],
        basis=basis,
        detail=detail,
    )
