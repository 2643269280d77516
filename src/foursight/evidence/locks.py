"""One import at a time per report, with a lock that dies with its holder.

Every import into a report, and every evidence job, runs holding the report's import
lock. The lock is one the operating system or the database releases when the holder's
process ends, however it ends (``kill -9``, power loss of a worker host):

* PostgreSQL: a session advisory lock, released when the connection closes;
* SQLite (one machine): ``flock`` on ``<data dir>/locks/report-<id>.lock``, released by
  the kernel when the file's last descriptor closes.

So "an exhibit is ``storing`` but nobody holds its report's lock" means its importer
died, and whoever takes the lock may clean up after it. The lock is re-entrant within
one thread (the worker holds it around a job whose import takes it again).
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection

from foursight.errors import Conflict

#: First key of the PostgreSQL advisory lock pair: "evidence import" (any fixed number).
_PG_CLASS = 0x4653_4549
_held = threading.local()


def _counts() -> dict[int, tuple[int, IO[bytes] | None]]:
    counts: dict[int, tuple[int, IO[bytes] | None]] | None = getattr(_held, "counts", None)
    if counts is None:
        counts = _held.counts = {}
    return counts


def _lock_file(report_id: int) -> Path:
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"report-{report_id}.lock"


def _try_acquire(report_id: int) -> tuple[bool, IO[bytes] | None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_PG_CLASS, report_id])
            return bool(cursor.fetchone()[0]), None
    handle = open(_lock_file(report_id), "ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False, None
    return True, handle


def _release(report_id: int, handle: IO[bytes] | None) -> None:
    if handle is not None:
        handle.close()  # closing the descriptor releases the flock
        return
    if connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_PG_CLASS, report_id])


def try_lock(report_id: int) -> bool:
    """Take the report's import lock if it is free now (or already held by this thread);
    pair every ``True`` with :func:`unlock`."""
    counts = _counts()
    if report_id in counts:
        depth, handle = counts[report_id]
        counts[report_id] = (depth + 1, handle)
        return True
    got, handle = _try_acquire(report_id)
    if got:
        counts[report_id] = (1, handle)
    return got


def unlock(report_id: int) -> None:
    counts = _counts()
    depth, handle = counts[report_id]
    if depth > 1:
        counts[report_id] = (depth - 1, handle)
        return
    del counts[report_id]
    _release(report_id, handle)


def held_elsewhere(report_id: int) -> bool:
    """True when another thread or process holds the report's import lock right now."""
    if report_id in _counts():
        return False
    if not try_lock(report_id):
        return True
    unlock(report_id)
    return False


@contextlib.contextmanager
def report_lock(report_id: int, *, wait: float) -> Iterator[None]:
    """Hold the report's import lock, waiting up to ``wait`` seconds for another import
    into the same report to finish (bounded polling); else ``Conflict``."""
    deadline = time.monotonic() + wait
    while not try_lock(report_id):
        if time.monotonic() >= deadline:
            raise Conflict(
                "Another import into this report is running; try again when it has finished."
            )
        time.sleep(0.2)
    try:
        yield
    finally:
        unlock(report_id)


def forget_thread_locks() -> None:
    """After this thread's database connection closed (which ends PostgreSQL session
    locks), drop its bookkeeping; flock handles are closed here."""
    for report_id, (_, handle) in list(_counts().items()):
        if handle is not None:
            handle.close()
        del _counts()[report_id]
