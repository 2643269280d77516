"""Evidence store benchmark: 1,000,000 events stored for one report, and the first screen
of that report's timeline.

Run from the repository root (SQLite in a temporary data directory, then PostgreSQL)::

    nice .venv/bin/python benchmarks/bench_evidence_store.py
    nice .venv/bin/python benchmarks/bench_evidence_store.py \
        --database postgresql://postgres@127.0.0.1:5432/postgres
    nice .venv/bin/python benchmarks/bench_evidence_store.py --events 100000   # quicker

It migrates a fresh database (for PostgreSQL a new database ``foursight_bench_evidence``
on that server, dropped afterwards), makes one report, generates seeded synthetic
ContactEvents (not timed), then times :func:`foursight.evidence.importing.store_events`
(fingerprints, de-duplication lookup, batched inserts with every index in place). The
first screen is timed two ways, each the median of ``--repeats`` runs: the query behind
it (count, first 50 rows by ``(ts_utc, id)``, rule hits and sources) and the whole page
``GET /reports/{id}/timeline`` through Django (gatekeeper, audit entry, template).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "foursight_bench_evidence"
WORDS = (
    "you",
    "can't",
    "ignore",
    "me",
    "pick",
    "up",
    "answer",
    "the",
    "phone",
    "where",
    "are",
    "I",
    "saw",
    "your",
    "car",
    "outside",
    "again",
    "why",
    "won't",
    "talk",
)


def events(n: int, seed: int = 7) -> list[Any]:
    from foursight.core.events import (
        Channel,
        ContactEvent,
        Direction,
        EventKind,
        TsConfidence,
        make_event_id,
    )

    rng = random.Random(seed)
    sha = "ab" * 32
    start = datetime(2023, 1, 1, tzinfo=UTC)
    numbers = [f"+4477009{i:05d}" for i in range(40)]
    out = []
    ts = start
    for i in range(n):
        ts += timedelta(seconds=rng.randint(1, 60))
        locator = f"line {i + 1}"
        channel = Channel.SMS if i % 3 else Channel.WHATSAPP
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
        out.append(
            ContactEvent(
                event_id=make_event_id(sha, locator),
                source_file_sha256=sha,
                source_locator=locator,
                channel=channel,
                direction=Direction.IN if i % 5 else Direction.OUT,
                counterpart_raw=numbers[i % 40],
                counterpart=numbers[i % 40],
                author_label=numbers[i % 40],
                ts_raw=str(int(ts.timestamp() * 1000)),
                ts_utc=ts,
                tz_assumed="Europe/London",
                ts_confidence=TsConfidence.EXACT,
                body=body,
                kind=EventKind.MESSAGE,
                parser="bench/1",
            )
        )
    return out


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def run(args: argparse.Namespace) -> dict[str, Any]:
    backend = "sqlite"
    if args.database:
        backend = "postgresql"
        base = args.database.rsplit("/", 1)[0]
        _pg_admin(args.database, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _pg_admin(args.database, f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = f"{base}/{BENCH_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)
    from bench_service import fresh_service

    officer, report = fresh_service("foursight-bench-evidence-")
    from django.db import connection
    from django.test import Client

    from foursight.evidence.importing import store_events
    from foursight.evidence.models import Exhibit, Original
    from foursight.evidence.timeline import EventFilters, events_out, page

    t0 = time.perf_counter()
    generated = events(args.events)
    generate_s = time.perf_counter() - t0
    original = Original.objects.create(sha256="ab" * 32, size=1)
    exhibit = Exhibit.objects.create(
        report=report, reference="BENCH/1", original=original, file_name="bench", tz="Europe/London"
    )
    t0 = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            stored, dupes = store_events(report, exhibit, generated, None)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
    else:
        stored, dupes = store_events(report, exhibit, generated, None)
    store_s = time.perf_counter() - t0
    assert stored == args.events and dupes == 0
    Exhibit.objects.filter(pk=exhibit.pk).update(status=Exhibit.Status.IMPORTED, events=stored)
    del generated
    if backend == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    query_times, page_times = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        rows, cursor_next, count = page(report, EventFilters(), "", 50)
        events_out(report, rows)
        query_times.append(time.perf_counter() - t0)
        assert count == args.events and len(rows) == 50 and cursor_next
    client = Client()
    client.force_login(officer)
    client.get(f"/reports/{report.pk}/timeline")  # warm-up: templates and URL resolver load
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        response = client.get(f"/reports/{report.pk}/timeline")
        page_times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    result = {
        "backend": backend,
        "events": args.events,
        "generate_s": round(generate_s, 2),
        "store_s": round(store_s, 2),
        "events_per_s": round(args.events / store_s),
        "first_screen_query_ms_median": round(1000 * statistics.median(query_times), 1),
        "first_screen_page_ms_median": round(1000 * statistics.median(page_times), 1),
        "repeats": args.repeats,
    }
    connection.close()
    if backend == "postgresql":
        _pg_admin(args.database, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--database", default="", help="a PostgreSQL URL (admin database)")
    parser.add_argument("--profile", action="store_true", help="print a profile of the store")
    args = parser.parse_args()
    result = run(args)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        text=True,
        capture_output=True,
        check=False,
    ).stdout.strip()
    result["machine"] = (
        f"{platform.platform()}, nproc {os.cpu_count()}, Python {sys.version.split()[0]}"
    )
    result["commit"] = commit
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
