"""Benchmark the offender service on a demo database: link runs, harm refresh, matching.

Usage (it writes link runs and rankings to the database it is given, so use a copy)::

    export FOURSIGHT_DATA_DIR=/tmp/offenders-bench
    foursight migrate && foursight demo --size medium
    nice .venv/bin/python benchmarks/bench_offenders.py --reports 200

Prints seconds for a first link run (training on the database when it is big enough),
a rerun with the stored model, a harm refresh, building the in-process match index, and
the report panel's matching per report (mean, 95th percentile, max) over ``--reports``
reports with a suspect, plus peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foursight.server.settings")


def _accuracy(size: str) -> str:
    """Pairwise precision, recall and F1 of the stored identities against the truth.

    The demo loads the generator's reports in order and makes their suspect parties in
    that order, so the n-th suspect party is the n-th generated report's suspect.
    """
    import pyarrow as pa

    from foursight.cases.demo import SIZES
    from foursight.cases.models import Party
    from foursight.core import synth
    from foursight.core.linkage import pairwise_scores

    reports = synth.generate(seed=4, reports=SIZES[size])
    codes = list(
        Party.objects.filter(role=Party.Role.SUSPECT)
        .order_by("pk")
        .values_list("mention__offender__code", flat=True)
    )
    truth = [str(r.suspect.truth) for r in reports]
    if len(codes) != len(truth):
        return f"accuracy: {len(codes)} suspects but {len(truth)} generated reports; skipped"
    scores = pairwise_scores(pa.array(codes, pa.string()), pa.array(truth, pa.string()))
    return (
        f"against the generator's truth: precision {scores.precision:.4f}, "
        f"recall {scores.recall:.4f}, F1 {scores.f1:.4f} "
        f"({scores.true_pairs} true pairs, {scores.predicted_pairs} linked pairs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument(
        "--demo-size",
        choices=["small", "medium"],
        help="score the identities against the demo generator's truth (demo seed 4)",
    )
    args = parser.parse_args()
    import django

    django.setup()
    from foursight.cases.models import Party
    from foursight.offenders import actions, matching, ranking
    from foursight.offenders.models import LinkRun

    timings: dict[str, float] = {}
    start = time.perf_counter()
    first = actions.link_run(None, retrain=not LinkRun.objects.exists())
    timings["link run (first)"] = time.perf_counter() - start
    start = time.perf_counter()
    again = actions.link_run(None)
    timings["link run (rerun, stored model)"] = time.perf_counter() - start
    start = time.perf_counter()
    made = ranking.refresh_harm(None)
    timings["harm refresh"] = time.perf_counter() - start
    parties = list(
        Party.objects.filter(role=Party.Role.SUSPECT)
        .select_related("person")
        .prefetch_related("person__identifiers")
        .order_by("pk")[: args.reports]
    )
    matching.reset_index()
    start = time.perf_counter()
    matching.candidates_for(parties[0])
    timings["match index build + first match"] = time.perf_counter() - start
    each = []
    for party in parties[1:]:
        start = time.perf_counter()
        matching.candidates_for(party)
        each.append(time.perf_counter() - start)
    each.sort()
    print(
        f"mentions {again.mentions}, offenders {again.offenders}, review {again.review}, "
        f"largest {again.largest}, model {first.model.source} ({first.model.n_mentions}), "
        f"rankings {len(made)}"
    )
    for name, seconds in timings.items():
        print(f"{name:<34} {seconds:8.2f} s")
    p95 = each[int(0.95 * (len(each) - 1))]
    print(
        f"{'match one report (n=' + str(len(each)) + ')':<34} mean {statistics.mean(each):.3f} s, "
        f"p95 {p95:.3f} s, max {each[-1]:.3f} s"
    )
    if args.demo_size:
        print(_accuracy(args.demo_size))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
