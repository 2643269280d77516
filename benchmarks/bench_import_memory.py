"""Evidence import memory: peak RSS of one import for two sizes of SMS backup.

Run from the repository root::

    nice .venv/bin/python benchmarks/bench_import_memory.py               # 50,000 and 200,000
    nice .venv/bin/python benchmarks/bench_import_memory.py --messages 20000 80000 --repeats 1

It generates seeded SMS Backup & Restore files (``bench_importers.make_sms_xml``: 500
correspondents, one message every 30 s; 200,000 messages make a 57 MB file), then for
each file and each repeat starts a fresh child process that migrates a new SQLite
database in a temporary data directory, makes one report, and imports the file with
:func:`foursight.evidence.importing.import_exhibit` (hash, parse, store, keep the
original). The child reports its resident set before the import (``VmRSS``: Python,
Django and the database connection) and its peak after the import (``VmHWM``); with
``--analyse`` also its peak once the course-of-conduct analysis of the report has run
(what ``foursight evidence import`` does next; the analysis holds the report's events).
Figures are medians over ``--repeats`` children. ``--src`` runs another checkout's code
(for a before/after comparison), e.g. ``--src /tmp/old/src``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def worker(path: Path, analyse: bool) -> dict[str, Any]:
    """In a fresh process: migrate, make a report, import ``path``, then analyse."""
    os.environ.pop("DATABASE_URL", None)
    from bench_service import fresh_service

    officer, report = fresh_service("foursight-bench-import-")
    from foursight.evidence import analysis
    from foursight.evidence.importing import import_exhibit
    from foursight.evidence.meta import clean_meta

    meta = clean_meta({"exhibit": "AR/1", "victim_ids": ["+447700900123"], "tz": "Europe/London"})
    before_kb = status_kb("VmRSS")
    t0 = time.perf_counter()
    outcome = import_exhibit(officer, report, path, path.name, meta)
    import_s = time.perf_counter() - t0
    import_peak_kb = status_kb("VmHWM")
    if analyse:
        analysis.refresh(officer, report)
    return {
        "events": outcome.exhibit.events,
        "import_s": round(import_s, 2),
        "rss_before_mb": round(before_kb / 1024, 1),
        "import_peak_mb": round(import_peak_kb / 1024, 1),
        "import_growth_mb": round((import_peak_kb - before_kb) / 1024, 1),
        "with_analysis_peak_mb": round(status_kb("VmHWM") / 1024, 1) if analyse else None,
    }


def run(messages: list[int], repeats: int, src: str, analyse: bool) -> list[dict[str, Any]]:
    from bench_importers import make_sms_xml

    folder = Path(tempfile.mkdtemp(prefix="foursight-bench-import-files-"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, str(ROOT / "benchmarks")]))
    out = []
    for count in messages:
        path = folder / f"sms-{count}.xml"
        make_sms_xml(path, count)
        runs = []
        for _ in range(repeats):
            child = subprocess.run(
                [sys.executable, __file__, "--worker", str(path)]
                + (["--analyse"] if analyse else []),
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(child.stdout))
        row: dict[str, Any] = {"messages": count, "file_mb": round(path.stat().st_size / 1e6, 1)}
        for key in runs[0]:
            values = [r[key] for r in runs if r[key] is not None]
            row[key] = statistics.median(values) if values else None
        row["runs"] = repeats
        out.append(row)
        path.unlink()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the code to measure")
    parser.add_argument(
        "--analyse", action="store_true", help="also run the analysis and report its peak"
    )
    parser.add_argument("--worker", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker), args.analyse)))
        return 0
    rows = run(args.messages, args.repeats, args.src, args.analyse)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=Path(args.src),
        text=True,
        capture_output=True,
        check=False,
    ).stdout.strip()
    result = {
        "rows": rows,
        "machine": f"{platform.platform()}, nproc {os.cpu_count()}, Python {sys.version.split()[0]}",
        "src": args.src,
        "commit": commit,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
