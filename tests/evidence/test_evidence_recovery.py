"""Background imports whose worker died are queued again; ``incoming/`` is swept."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from foursight.cli import main
from foursight.evidence import storing
from foursight.evidence.importing import import_exhibit
from foursight.evidence.jobs import MAX_ATTEMPTS, claim, clean_incoming, run_pending, sweep
from foursight.evidence.locks import try_lock, unlock
from foursight.evidence.meta import clean_meta
from foursight.evidence.models import Exhibit, Job, StoredEvent
from foursight.evidence.store import incoming_dir
from tests.conftest import World
from tests.evidence.conftest import make_sms_backup, upload


class Killed(BaseException):
    """Stands for SIGKILL of the worker (see test_evidence_crash.py)."""


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storing, "BATCH", 1000)


def _queued_job(world: World, tmp_path: Path, settings: Any) -> Job:
    settings.EVIDENCE_INLINE_BYTES = 1000  # so the upload is queued
    path = make_sms_backup(tmp_path / "sms-backup.xml", 3_000)
    response = upload(world.api("officer_cn"), world.reports["cn"].pk, "x", path=path)
    assert response.status_code == 202, response.content
    return Job.objects.get(pk=response.json()["job"]["id"])


def _worker_dies_part_way(job: Job) -> None:
    """What a worker killed at 2,000 of 3,000 events leaves: the job running with its
    progress, the exhibit storing with partial rows, the upload still in incoming/."""
    assert try_lock(job.report_id)
    try:
        assert claim(job.pk)
        Job.objects.filter(pk=job.pk).update(done=2_000, message="storing")
        meta = clean_meta(job.params["meta"])

        def die(phase: str, done: int, total: int) -> None:
            if phase == "storing" and done >= 2_000:
                raise Killed

        with pytest.raises(Killed):
            import_exhibit(
                job.created_by, job.report, Path(job.params["path"]), job.params["name"], meta, die
            )
    finally:
        unlock(job.report_id)


def test_a_job_whose_worker_died_is_queued_again_and_completes(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued_job(world, tmp_path, settings)
    _worker_dies_part_way(job)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert run_pending() == 0  # nothing queued: without the sweep it would stay running

    found = sweep()

    assert (found.requeued, found.failed, found.exhibits) == (1, 0, 1)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert "worker running it stopped" in job.message
    assert Path(job.params["path"]).is_file()  # kept for the retry
    assert run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2), job.message
    exhibit = Exhibit.objects.get(pk=job.exhibit_id)
    assert (exhibit.status, exhibit.events) == ("imported", 3_000)
    assert StoredEvent.all_rows.filter(report=job.report).count() == 3_000
    assert not any(incoming_dir().iterdir())


def test_a_job_whose_worker_is_alive_is_left_alone(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued_job(world, tmp_path, settings)
    assert claim(job.pk)
    holding, release = threading.Event(), threading.Event()

    def worker() -> None:  # another thread stands for the live worker holding the lock
        try:
            assert try_lock(job.report_id)
            holding.set()
            release.wait(10)
            unlock(job.report_id)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert holding.wait(10)
        found = sweep()
    finally:
        release.set()
        thread.join()
    assert found.requeued == 0
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_job_that_keeps_killing_its_worker_is_failed_in_the_end(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued_job(world, tmp_path, settings)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=MAX_ATTEMPTS)
    found = sweep()
    assert (found.requeued, found.failed) == (0, 1)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert f"stopped {MAX_ATTEMPTS} times" in job.message
    assert not any(incoming_dir().iterdir())


def test_abandoned_uploads_are_removed_from_incoming(
    world: World, tmp_path: Path, settings: Any
) -> None:
    job = _queued_job(world, tmp_path, settings)
    needed = Path(job.params["path"]).parent
    abandoned = incoming_dir() / "0123abandoned"
    abandoned.mkdir()
    (abandoned / "sms.xml").write_bytes(b"<smses>")
    recent = incoming_dir() / "0123uploading"
    recent.mkdir()
    hour_ago = time.time() - 3700
    for folder in (needed, abandoned):
        os.utime(folder, (hour_ago, hour_ago))

    assert clean_incoming() == 1

    assert sorted(p.name for p in incoming_dir().iterdir()) == sorted([needed.name, recent.name])


def test_the_worker_command_sweeps_once(
    world: World, tmp_path: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    job = _queued_job(world, tmp_path, settings)
    _worker_dies_part_way(job)
    assert main(["evidence", "worker", "--once"]) == 0
    out = capsys.readouterr().out
    assert "ran 1 import job(s); 1 stale job(s) queued again" in out
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
