"""Evidence jobs run as django-tasks tasks on the database backend (queue ``evidence``)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from foursight.evidence import jobs
from foursight.evidence.jobs import LOCK_RETRY, QUEUE, claim, run_pending, sweep
from foursight.evidence.locks import try_lock, unlock
from foursight.evidence.models import Job
from tests.conftest import World
from tests.evidence.conftest import make_sms_backup, upload


def _queued(world: World, tmp_path: Path, settings: Any) -> Job:
    settings.EVIDENCE_INLINE_BYTES = 1000
    path = make_sms_backup(tmp_path / "sms-backup.xml", 300)
    response = upload(world.api("officer_cn"), world.reports["cn"].pk, "x", path=path)
    assert response.status_code == 202, response.content
    return Job.objects.get(pk=response.json()["job"]["id"])


def test_an_upload_enqueues_one_task_that_records_progress_on_its_job(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued(world, tmp_path, settings)
    task = DBTaskResult.objects.get(pk=job.params["task"])
    assert (task.status, task.queue_name, task.backend_name) == ("READY", QUEUE, "default")
    assert task.task_path == "foursight.evidence.jobs.run_evidence_job"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}

    assert run_pending() == 1

    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 300, 300)
    assert (task.status, task.return_value) == ("SUCCESSFUL", "ran")
    assert job.exhibit is not None and job.exhibit.events == 300
    assert run_pending() == 0  # nothing due: the task is not run twice


def test_a_task_whose_report_is_busy_waits_for_a_later_round(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued(world, tmp_path, settings)
    first = job.params["task"]
    held, done = threading.Event(), threading.Event()

    def other_import() -> None:  # another thread holds the report's import lock
        try:
            assert try_lock(job.report_id)
            held.set()
            done.wait(10)
            unlock(job.report_id)
        finally:
            connection.close()

    thread = threading.Thread(target=other_import)
    thread.start()
    try:
        assert held.wait(10)
        assert run_pending() == 0
    finally:
        done.set()
        thread.join()
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.params["task"] != first
    assert DBTaskResult.objects.get(pk=first).return_value == "waiting"
    later = DBTaskResult.objects.get(pk=job.params["task"])
    assert later.status == "READY"
    assert later.run_after > timezone.now() + timedelta(seconds=LOCK_RETRY / 4)
    assert run_pending() == 0  # not due yet
    DBTaskResult.objects.filter(pk=later.pk).update(run_after=timezone.now())
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_the_sweep_fails_a_dead_workers_task_and_queues_a_new_one(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued(world, tmp_path, settings)
    dead = job.params["task"]
    DBTaskResult.objects.filter(pk=dead).update(status="RUNNING", worker_ids=["gone"])
    assert claim(job.pk)  # the worker claimed the job, then died (its lock went with it)

    assert sweep().requeued == 1

    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.params["task"] != dead
    gone = DBTaskResult.objects.get(pk=dead)
    assert gone.status == "FAILED" and "worker running this task stopped" in gone.traceback
    assert run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)


def test_the_embedded_worker_thread_runs_queued_tasks(
    world: World, tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    """``FOURSIGHT_EVIDENCE_WORKER=thread``: the server process runs its own worker."""
    job = _queued(world, tmp_path, settings)
    ran = threading.Event()
    calls: list[str] = []

    def loop() -> None:
        calls.append(threading.current_thread().name)
        ran.set()

    monkeypatch.setattr(jobs, "_loop", loop)
    monkeypatch.setattr(jobs, "_worker", None)
    settings.EVIDENCE_WORKER = "thread"
    jobs.ensure_worker()
    assert ran.wait(10)
    assert calls == ["foursight-evidence-worker"]
    settings.EVIDENCE_WORKER = "off"
    monkeypatch.setattr(jobs, "_worker", None)
    jobs.ensure_worker()
    assert calls == ["foursight-evidence-worker"]  # off: no thread
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
