"""How long an issued case file takes to render to PDF, and whether it renders the same.

    PYTHONPATH=src python benchmarks/bench_casefile_render.py BUNDLE [--rounds 5]

Takes the ``casefile.html`` of an issued bundle (``GET .../versions/{n}/bundle.zip``),
renders it with WeasyPrint ``--rounds`` times after one warm-up call (which loads the
fonts), and prints each time, the median and whether every PDF equals the bundle's
``casefile.pdf`` byte for byte.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zipfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from foursight.casefiles.rendering import pdf_bytes

    with zipfile.ZipFile(args.bundle) as archive:
        html = archive.read("casefile.html").decode("utf-8")
        issued = archive.read("casefile.pdf")
    started = time.perf_counter()
    first = pdf_bytes(html)
    warm_up = time.perf_counter() - started
    times, same = [], first == issued
    for _ in range(args.rounds):
        started = time.perf_counter()
        same = pdf_bytes(html) == issued and same
        times.append(time.perf_counter() - started)
    print(f"warm-up {warm_up:.2f} s; rounds {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"median {statistics.median(times):.2f} s; {len(issued)} bytes; same as issued: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
