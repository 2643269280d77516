"""Background imports: a small job table and a worker.

Uploads larger than ``FOURSIGHT_EVIDENCE_INLINE_BYTES`` are queued as a :class:`Job` and
imported by a worker that records its progress on the job row, which the Evidence tab
polls. The embedded server (waitress: one process, many threads) runs the worker as one
daemon thread in that process, started when a job is queued or the Evidence tab is
opened (``FOURSIGHT_EVIDENCE_WORKER=thread``, the default). In production set it to
``off`` and run ``foursight evidence worker`` as a separate process on the same database.
A job is claimed with a conditional update, so several workers never run the same job.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from foursight.errors import FoursightError
from foursight.evidence.meta import ImportMeta, clean_meta
from foursight.evidence.models import Job
from foursight.evidence.store import release

log = logging.getLogger("foursight.evidence")
_worker: threading.Thread | None = None
_lock = threading.Lock()


def meta_params(meta: ImportMeta) -> dict[str, Any]:
    out = asdict(meta)
    out["exhibit"] = out.pop("reference")
    for key, value in out.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, tuple):
            out[key] = list(value)
    return out


def claim(job_id: int) -> bool:
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING)
    )


def run_job(job_id: int) -> Job:
    """Import one claimed job's file, recording progress, then refresh the analysis."""
    from foursight.evidence.analysis import refresh
    from foursight.evidence.importing import import_exhibit

    job = Job.objects.select_related("report", "created_by").get(pk=job_id)
    if job.params.get("kind") == "analyse":
        return _run_analysis(job)
    path = Path(job.params["path"])
    last = [0.0, 0]

    def progress(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        last[1] = max(last[1], total)
        if now - last[0] < 0.5 and (done < total or not total):
            return
        last[0] = now
        Job.objects.filter(pk=job_id).update(done=done, total=total, message=phase)

    try:
        meta = clean_meta(job.params["meta"])
        outcome = import_exhibit(
            job.created_by, job.report, path, job.params["name"], meta, progress
        )
        total = int(last[1])
        progress("analysing", total, total)
        refresh(job.created_by, job.report)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.DONE,
            exhibit=outcome.exhibit,
            finished_at=timezone.now(),
            message="recognised: the same file is already exhibit " + outcome.exhibit.reference
            if outcome.duplicate
            else f"{outcome.exhibit.events} events stored",
        )
    except FoursightError as exc:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, message=exc.message, finished_at=timezone.now()
        )
    except Exception:
        log.exception("evidence job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message="the import failed on our side; it has been logged",
        )
    finally:
        release(path)
    return Job.objects.get(pk=job_id)


def _run_analysis(job: Job) -> Job:
    """Re-run the analysis of a large report after an attribution or a small import."""
    from foursight.evidence.analysis import refresh

    try:
        result = refresh(job.created_by, job.report)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE,
            finished_at=timezone.now(),
            message=f"analysis updated over {result.get('events', 0)} events",
        )
    except Exception:
        log.exception("evidence analysis job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message="the analysis failed on our side; it has been logged",
        )
    return Job.objects.get(pk=job.pk)


def queue_analysis(actor: Any, report: Any) -> Job:
    """Queue a re-analysis (reports too large to re-analyse during a request)."""
    job = Job.objects.create(
        report=report,
        exhibit_reference="(analysis)",
        created_by=actor,
        message="analysis queued",
        params={"kind": "analyse"},
    )
    ensure_worker()
    return job


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs in this thread, oldest first; returns how many ran."""
    ran = 0
    while limit is None or ran < limit:
        job_id = (
            Job.objects.filter(status=Job.Status.QUEUED)
            .order_by("id")
            .values_list("pk", flat=True)
            .first()
        )
        if job_id is None:
            return ran
        if claim(job_id):
            run_job(job_id)
            ran += 1
    return ran


def _loop() -> None:
    while True:
        try:
            close_old_connections()
            if not run_pending():
                time.sleep(1.0)
        except Exception:
            log.exception("evidence worker")
            time.sleep(5.0)
        finally:
            connection.close()


def ensure_worker() -> None:
    """Start the in-process worker thread once, if this process runs one."""
    global _worker
    if settings.EVIDENCE_WORKER != "thread":
        return
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_loop, name="foursight-evidence-worker", daemon=True)
            _worker.start()
