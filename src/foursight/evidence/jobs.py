"""Background imports: Django's task framework (the ``django-tasks`` backport) with its
database backend, and a job row that keeps each import's progress.

Uploads larger than ``FOURSIGHT_EVIDENCE_INLINE_BYTES`` become a :class:`Job` (what the
Evidence tab shows: status, progress, message) and a task, :func:`run_evidence_job`,
enqueued on the ``evidence`` queue of the database backend (``django_tasks_db``): the
queue is a table in Foursight's own database, so the embedded SQLite default needs no
broker. The job row is the task's progress record: it holds the task's id
(``params["task"]``) and the importer writes its progress there, which the tab polls.

Who runs the tasks:

* embedded default (``FOURSIGHT_EVIDENCE_WORKER=thread``): one daemon thread in the
  server process, started when a job is queued or the Evidence tab is opened; nothing to
  start by hand (``foursight serve``, ``make run``);
* production (``off``): ``foursight evidence worker`` as separate processes on the same
  database (PostgreSQL), any number of them; each runs due tasks through the library's
  database worker and does the housekeeping below. The library's own
  ``django-admin db_worker --queue-name evidence`` also runs them, without the sweep.

A job runs holding its report's import lock (:mod:`foursight.evidence.locks`), which dies
with the worker; a task that finds the report locked by another import is enqueued again
a little later. A job is claimed with a conditional update, so it never runs twice.
:func:`sweep`, run by every worker about once a minute, knows a ``running`` job whose
lock is free has lost its worker: it is queued again as a new task (the import then
completes the exhibit the dead worker left; the dead task's result is marked failed), or
failed after ``MAX_ATTEMPTS``. The sweep also marks exhibits left ``storing`` by a dead
command-line import as failed, and removes holding files of ``incoming/`` that no queued
or running job needs once they are an hour old (uploads abandoned by a crashed request).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Report
from foursight.errors import FoursightError
from foursight.evidence.locks import forget_thread_locks, try_lock, unlock
from foursight.evidence.meta import ImportMeta, clean_meta
from foursight.evidence.models import Exhibit, Job
from foursight.evidence.store import incoming_dir, release

log = logging.getLogger("foursight.evidence")
_worker: threading.Thread | None = None
_lock = threading.Lock()
#: A job whose worker died this many times is failed rather than queued again.
MAX_ATTEMPTS = 3
#: Holding files no job needs are removed once this old (seconds).
ABANDONED_AFTER = 3600
#: Seconds between sweeps in a worker loop.
SWEEP_EVERY = 60.0
#: The task queue of evidence work (``TASKS["default"]["QUEUES"]`` lists it).
QUEUE = "evidence"
#: Seconds before a task whose report another import holds is tried again.
LOCK_RETRY = 2.0


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
    """Take a queued job (call holding its report's import lock)."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, attempts=F("attempts") + 1, done=0, total=0
        )
    )


def run_job(job_id: int) -> Job:
    """Import one claimed job's file, recording progress, then refresh the analysis."""
    from foursight.evidence.analysis import refresh
    from foursight.evidence.importing import import_exhibit

    job = Job.objects.select_related("report", "created_by").get(pk=job_id)
    if job.params.get("kind") == "analyse":
        return _run_analysis(job)
    path = Path(job.params["path"])
    last = [0.0]

    def progress(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        Job.objects.filter(pk=job_id).update(done=done, total=total, message=phase)

    try:
        if not path.is_file():
            raise FoursightError("the uploaded file is no longer held; upload it again")
        meta = clean_meta(job.params["meta"])
        outcome = import_exhibit(
            job.created_by, job.report, path, job.params["name"], meta, progress
        )
        total = outcome.exhibit.events + outcome.exhibit.duplicates
        Job.objects.filter(pk=job_id).update(done=total, total=total, message="analysing")
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
    enqueue(job)
    ensure_worker()
    return job


@task(queue_name=QUEUE)
def run_evidence_job(job_id: int) -> str:
    """The task: run one queued job holding its report's import lock.

    Returns what happened (``ran``, ``waiting`` when another import holds the report and
    the job was enqueued again, ``skipped`` when the job is no longer queued).
    """
    found = Job.objects.filter(pk=job_id).values_list("status", "report_id").first()
    if found is None or found[0] != Job.Status.QUEUED:
        return "skipped"
    report_id = found[1]
    if not try_lock(report_id):
        enqueue(Job.objects.get(pk=job_id), delay=LOCK_RETRY)
        return "waiting"
    try:
        if not claim(job_id):
            return "skipped"
        run_job(job_id)
        return "ran"
    finally:
        unlock(report_id)


def enqueue(job: Job, *, delay: float = 0.0) -> str:
    """Enqueue the job's task (after ``delay`` seconds) and note its id on the job."""
    runner = run_evidence_job
    if delay:
        runner = runner.using(run_after=timezone.now() + timedelta(seconds=delay))
    result = runner.enqueue(job.pk)
    job.params = {**job.params, "task": str(result.id)}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    return str(result.id)


def _worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def run_pending(limit: int | None = None) -> int:
    """Run the evidence tasks that are due, oldest first, in this thread, through the
    django-tasks database worker (claimed under a row lock, so several workers never run
    the same task); returns how many imports or analyses ran. A job whose report another
    import holds is enqueued again for a later round and not counted."""
    worker = Worker(
        queue_names=[QUEUE],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=limit,
        worker_id=_worker_id(),
        excluded_queue_names=[],
    )
    due = DBTaskResult.objects.ready().filter(queue_name=QUEUE, backend_name="default")
    ran = tried = 0
    while limit is None or tried < limit:
        if not due.exists():  # a plain read first: no write lock taken on an idle poll
            return ran
        with exclusive_transaction(due.db):
            result = due.order_by("enqueued_at").get_locked()
            if result is not None:
                result.claim(worker.worker_id)
        if result is None:
            return ran
        tried += 1
        worker.run_task(result)
        result.refresh_from_db(fields=["status", "return_value"])
        ran += result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "ran"
    return ran


@dataclass(frozen=True)
class SweepResult:
    requeued: int
    failed: int
    exhibits: int
    removed: int


def requeue_stale() -> tuple[int, int]:
    """Queue again each running job whose worker died (its report's lock is free), or
    fail it after ``MAX_ATTEMPTS``; returns (requeued, failed)."""
    requeued = failed = 0
    running = Job.objects.filter(status=Job.Status.RUNNING).values_list("pk", "report_id")
    for job_id, report_id in list(running):
        if not try_lock(report_id):
            continue  # its worker is alive and holds the lock
        try:
            job = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).first()
            if job is None:
                continue
            if job.attempts >= MAX_ATTEMPTS:
                message = (
                    f"the import stopped {job.attempts} times before completing; "
                    "it has been logged and will not be tried again"
                )
                Job.objects.filter(pk=job_id).update(
                    status=Job.Status.FAILED, message=message, finished_at=timezone.now()
                )
                _fail_dead_task(job)
                if "path" in job.params:
                    release(Path(job.params["path"]))
                failed += 1
                log.error("evidence job %s: worker died %s times; failed", job_id, job.attempts)
            else:
                message = f"queued again: the worker running it stopped (attempt {job.attempts})"
                Job.objects.filter(pk=job_id).update(status=Job.Status.QUEUED, message=message)
                _fail_dead_task(job)
                enqueue(job)
                requeued += 1
            record(
                None,
                Verb.JOB_REQUEUED if job.attempts < MAX_ATTEMPTS else Verb.JOB_FAILED,
                "evidence_job",
                job_id,
                detail={"report": report_id, "attempts": job.attempts},
            )
        finally:
            unlock(report_id)
    return requeued, failed


def _fail_dead_task(job: Job) -> None:
    """Mark the task result of a job whose worker died as failed (the library leaves it
    ``RUNNING`` for ever: no process will finish it)."""
    if job.params.get("task"):
        DBTaskResult.objects.filter(pk=job.params["task"], status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="foursight.evidence.jobs.WorkerDied",
            traceback="the worker running this task stopped; the job was swept",
        )


def recover_exhibits() -> int:
    """Mark exhibits whose import process died ``failed`` and remove their rows."""
    from foursight.evidence.importing import recover_interrupted

    recovered = 0
    storing = Exhibit.objects.filter(status=Exhibit.Status.STORING).values_list("report_id")
    for report_id in sorted({r for (r,) in storing}):
        if not try_lock(report_id):
            continue  # an import into this report is running
        try:
            report = Report.objects.get(pk=report_id)
            recovered += len(recover_interrupted(None, report))
        finally:
            unlock(report_id)
    return recovered


def clean_incoming(max_age: float = ABANDONED_AFTER) -> int:
    """Remove holding folders in ``incoming/`` that no queued or running job needs and
    that are older than ``max_age`` seconds; returns how many were removed."""
    needed = {
        Path(params["path"]).parent
        for params in Job.objects.filter(
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        ).values_list("params", flat=True)
        if isinstance(params, dict) and "path" in params
    }
    cutoff = time.time() - max_age
    removed = 0
    for entry in incoming_dir().iterdir():
        if entry in needed or entry.lstat().st_mtime > cutoff:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    return removed


def sweep() -> SweepResult:
    """The worker's housekeeping: stale jobs, exhibits of dead imports, ``incoming/``."""
    requeued, failed = requeue_stale()
    exhibits = recover_exhibits()
    removed = clean_incoming()
    if requeued or failed or exhibits or removed:
        log.warning(
            "evidence sweep: %s jobs requeued, %s failed, %s exhibits recovered, "
            "%s abandoned uploads removed",
            requeued,
            failed,
            exhibits,
            removed,
        )
    return SweepResult(requeued, failed, exhibits, removed)


def _loop() -> None:
    swept = 0.0
    while True:
        try:
            close_old_connections()
            if time.monotonic() - swept >= SWEEP_EVERY:
                swept = time.monotonic()
                sweep()
            if not run_pending():
                time.sleep(1.0)
        except Exception:
            log.exception("evidence worker")
            time.sleep(5.0)
        finally:
            connection.close()
            forget_thread_locks()


def ensure_worker() -> None:
    """Start the in-process worker thread once, if this process runs one."""
    global _worker
    if settings.EVIDENCE_WORKER != "thread":
        return
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_loop, name="foursight-evidence-worker", daemon=True)
            _worker.start()
