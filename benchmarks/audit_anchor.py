"""What anchoring costs an audit entry: the commit hook, an anchor write, record() with and without.

    PYTHONPATH=src python benchmarks/audit_anchor.py [--entries 3000]

Each entry is its own transaction on a fresh SQLite database in a temporary data
directory (the embedded default), so the hook runs on every commit. Prints the median of
five rounds per variant, and the cost of one anchor write (append and fsync).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="foursight-anchor-bench-"))
    os.environ.update(
        FOURSIGHT_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="foursight.server.settings"
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    from foursight.audit import actions
    from foursight.audit.anchor import Anchorer, write_anchor

    call_command("migrate", interactive=False, verbosity=0)

    class NoAnchor(Anchorer):
        def committed(self, seq: int, digest: str) -> None:
            return None

    def round_us(anchorer: Anchorer) -> float:
        actions.ANCHORER = anchorer
        start = time.perf_counter()
        for n in range(args.entries):
            actions.record(None, "load", "bench", detail={"n": n})
        return (time.perf_counter() - start) / args.entries * 1e6

    results: dict[str, list[float]] = {"without anchoring": [], "with anchoring": []}
    for _ in range(args.rounds):
        results["without anchoring"].append(round_us(NoAnchor()))
        results["with anchoring"].append(round_us(Anchorer()))
    for name, values in results.items():
        print(f"record(), {name}: median {statistics.median(values):.1f} us per entry")
    hook = Anchorer()
    hook.committed(0, "0" * 64)  # the first call anchors; the rest are within the minute
    start = time.perf_counter()
    for n in range(100_000):
        hook.committed(n, "0" * 64)
    per_call = (time.perf_counter() - start) / 100_000 * 1e6
    print(f"the hook on a commit when no anchor is due: {per_call:.2f} us")
    writes = []
    for n in range(200):
        start = time.perf_counter()
        write_anchor(n, "0" * 64, data_dir / "bench-anchors.log")
        writes.append((time.perf_counter() - start) * 1e6)
    print(f"one anchor write (append + fsync): median {statistics.median(writes):.0f} us")
    verdict = actions.verify()
    print(verdict.message)
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
