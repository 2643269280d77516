"""Spark and DuckDB give the same answer from the same model code and parameters.

Needs Java 17 and pyspark; runs pyspark local[2] on 10,000 mentions in about a minute.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from foursight.core.linkage import clean_mentions, generate_mentions, run_linkage

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from foursight.core.linkage.backends import local_spark_session

    session = local_spark_session("local[2]", driver_memory="2g")
    yield session
    session.stop()


def _scored(edges: pa.Table) -> dict[tuple[str, str], float]:
    pairs = zip(
        edges.column("mention_id_l").to_pylist(),
        edges.column("mention_id_r").to_pylist(),
        strict=True,
    )
    return dict(zip(pairs, edges.column("match_probability").to_pylist(), strict=True))


def test_spark_matches_duckdb_on_10k(spark: Any) -> None:
    mentions = clean_mentions(generate_mentions(10_000, seed=3))
    duck = run_linkage(mentions)
    on_spark = run_linkage(
        mentions, backend="spark", params=duck.params, backend_options={"spark": spark}
    )
    d, s = _scored(duck.edges), _scored(on_spark.edges)
    assert len(d) > 5000
    assert len(d.keys() & s.keys()) / len(d.keys() | s.keys()) >= 0.999
    for pair in d.keys() & s.keys():
        assert s[pair] == pytest.approx(d[pair], abs=1e-9)
    duck_persons = duck.clusters.column("person_id").to_pylist()
    spark_persons = on_spark.clusters.column("person_id").to_pylist()
    agree = sum(a == b for a, b in zip(duck_persons, spark_persons, strict=True))
    assert agree / len(duck_persons) >= 0.999


def test_a_spark_dataframe_of_raw_mentions_is_cleaned_on_the_executors(spark: Any) -> None:
    raw = generate_mentions(1000, seed=5).drop_columns(["person_truth"])
    arrow_run = run_linkage(raw)
    frame = spark.createDataFrame(raw)
    spark_run = run_linkage(
        frame, backend="spark", params=arrow_run.params, backend_options={"spark": spark}
    )
    assert (
        spark_run.clusters.column("mention_id").to_pylist() == raw.column("mention_id").to_pylist()
    )
    assert spark_run.clusters.column("person_id").equals(arrow_run.clusters.column("person_id"))
    assert _scored(spark_run.edges).keys() == _scored(arrow_run.edges).keys()
