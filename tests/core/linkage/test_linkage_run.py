"""End-to-end runs on DuckDB: accuracy, parameters, stable ids, decisions, alerts."""

from __future__ import annotations

import json
from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from foursight.core.linkage import (
    Decision,
    DecisionKind,
    IdentityState,
    ModelParams,
    Thresholds,
    dedupe,
    pairwise_scores,
    run_linkage,
)
from foursight.core.linkage.model import settings_dict
from foursight.errors import InvalidInput


def _persons(clusters: pa.Table) -> dict[str, str]:
    return dict(
        zip(
            clusters.column("mention_id").to_pylist(),
            clusters.column("person_id").to_pylist(),
            strict=True,
        )
    )


def test_trained_model_finds_the_true_people(mentions: pa.Table, params: ModelParams) -> None:
    clusters, edges = dedupe(mentions, params=params)
    truth = dict(
        zip(
            mentions.column("mention_id").to_pylist(),
            mentions.column("person_truth").to_pylist(),
            strict=True,
        )
    )
    scores = pairwise_scores(
        clusters.column("person_id"),
        pa.array([truth[m] for m in clusters.column("mention_id").to_pylist()]),
    )
    assert scores.precision >= 0.99 and scores.recall >= 0.95
    assert clusters.num_rows == mentions.num_rows
    assert set(pc.unique(edges.column("status")).to_pylist()) <= {"link", "review"}
    assert pc.min(edges.column("match_probability")).as_py() >= 0.5
    linked = pc.greater(clusters.column("cluster_size"), 1)
    assert pc.all(pc.is_valid(pc.filter(clusters.column("match_probability_max"), linked))).as_py()


def test_parameters_round_trip_and_are_injected(params: ModelParams) -> None:
    again = ModelParams.from_json(params.to_json())
    assert again == params
    assert again.trained_on == "duckdb" and again.n_mentions == 3000
    spark = settings_dict("spark", again)
    level = spark["comparisons"][3]["comparison_levels"][1]
    assert level["m_probability"] == params.comparisons["phone"][0].m
    assert "`" in json.dumps(spark["blocking_rules_to_generate_predictions"])


def test_parameters_for_another_spec_are_refused(params: ModelParams) -> None:
    body = json.loads(params.to_json())
    body["spec_version"] = "foursight-linkage-0"
    with pytest.raises(InvalidInput, match="Retrain"):
        ModelParams.from_json(json.dumps(body))
    levels = dict(params.comparisons)
    levels["dob"] = levels["dob"][:-1]
    with pytest.raises(InvalidInput, match="'dob'"):
        settings_dict("duckdb", replace(params, comparisons=levels))


def test_person_ids_are_stable_across_reruns_and_growth(
    mentions: pa.Table, params: ModelParams
) -> None:
    state = IdentityState()
    first = run_linkage(mentions.slice(0, 2500), params=params, previous=state)
    before = _persons(first.clusters)
    again = run_linkage(mentions.slice(0, 2500), params=params, previous=state)
    assert _persons(again.clusters) == before and again.events == []
    grown = run_linkage(mentions, params=params, previous=state)
    after = _persons(grown.clusters)
    explained = {p for e in grown.events for p in (e.person_id, *e.others)}
    changed = [m for m, p in before.items() if after[m] != p]
    assert all(before[m] in explained for m in changed)
    assert len(changed) <= 0.01 * len(before)
    assert len(set(after.values())) < len(after)


def test_reviewer_decisions_survive_reruns(mentions: pa.Table, params: ModelParams) -> None:
    state = IdentityState()
    first = run_linkage(mentions, params=params, previous=state)
    persons = _persons(first.clusters)
    pairs = first.clusters.filter(pc.equal(first.clusters.column("cluster_size"), 2))
    link = first.edges.filter(
        pc.and_(
            pc.equal(first.edges.column("status"), "link"),
            pc.is_in(first.edges.column("mention_id_l"), pairs.column("mention_id")),
        )
    ).to_pylist()[0]
    review = first.review_queue().filter(pc.invert(first.review_queue().column("same_person")))
    apart = review.to_pylist()[0]
    decisions = [
        Decision(link["mention_id_l"], link["mention_id_r"], DecisionKind.CANNOT_LINK, "DC 1"),
        Decision(apart["mention_id_l"], apart["mention_id_r"], DecisionKind.MUST_LINK, "DC 1"),
    ]
    for _ in range(2):
        run = run_linkage(mentions, params=params, decisions=decisions, previous=state)
        now = _persons(run.clusters)
        assert now[link["mention_id_l"]] != now[link["mention_id_r"]]
        assert now[apart["mention_id_l"]] == now[apart["mention_id_r"]]
        statuses = dict(
            zip(
                zip(
                    run.edges.column("mention_id_l").to_pylist(),
                    run.edges.column("mention_id_r").to_pylist(),
                    strict=True,
                ),
                run.edges.column("status").to_pylist(),
                strict=True,
            )
        )
        assert statuses[(link["mention_id_l"], link["mention_id_r"])] == "cannot_link"
        assert statuses[(apart["mention_id_l"], apart["mention_id_r"])] == "must_link"
        assert run.unmet_decisions == []
    untouched = [
        m
        for m in persons
        if m
        not in {
            link["mention_id_l"],
            link["mention_id_r"],
            apart["mention_id_l"],
            apart["mention_id_r"],
        }
    ]
    stable = sum(persons[m] == now[m] for m in untouched)
    assert stable >= len(untouched) - 6


def test_review_queue_puts_would_be_merges_first(mentions: pa.Table, params: ModelParams) -> None:
    run = run_linkage(mentions, params=params)
    queue = run.review_queue()
    assert queue.num_rows > 0
    flags = queue.column("same_person").to_pylist()
    assert flags == sorted(flags)
    probs = pc.filter(queue.column("match_probability"), pc.invert(queue.column("same_person")))
    assert probs.to_pylist() == sorted(probs.to_pylist(), reverse=True)
    assert pc.max(queue.column("match_probability")).as_py() < 0.99


def test_largest_cluster_growth_raises_an_alert(mentions: pa.Table, params: ModelParams) -> None:
    state = IdentityState(largest_cluster=2)
    run = run_linkage(
        mentions, params=params, previous=state, thresholds=Thresholds(alert_min_size=3)
    )
    assert state.largest_cluster > 3
    assert run.alerts and run.alerts[0].startswith(
        f"Largest person grew from 2 to {state.largest_cluster}"
    )
    quiet = run_linkage(
        mentions, params=params, previous=state, thresholds=Thresholds(alert_min_size=3)
    )
    assert quiet.alerts == []


def test_decisions_about_mentions_outside_the_run_are_ignored(
    mentions: pa.Table, params: ModelParams
) -> None:
    sample = mentions.slice(0, 300)
    first = sample.column("mention_id")[0].as_py()
    decision = Decision("not-in-this-run", first, DecisionKind.MUST_LINK)
    run = run_linkage(sample, params=params, decisions=[decision])
    ids = set(run.edges.column("mention_id_l").to_pylist()) | set(
        run.edges.column("mention_id_r").to_pylist()
    )
    assert "not-in-this-run" not in ids
    assert run.clusters.num_rows == 300 and run.unmet_decisions == []
