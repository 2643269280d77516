"""Run linkage end to end: clean, train or load, predict, cluster, decide, carry ids over.

Two thresholds split the scored pairs (linkage.md §5.4):

* at or above ``link`` (default 0.99) two mentions are linked automatically;
* between ``review`` (default 0.5) and ``link`` the pair goes to a clerical review
  queue, most consequential first (pairs that would merge two different people).

Reviewer decisions outrank the model on every run; person ids persist across runs
(:mod:`foursight.core.linkage.identity`); an alert is raised when the largest person
grows unusually, the early sign of false merges chaining through shared identifiers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from foursight.core.linkage._splink import Linker
from foursight.core.linkage.backends import (
    BackendName,
    clean_on_spark,
    is_spark_frame,
    make_backend,
)
from foursight.core.linkage.clean import CLEAN_COLUMNS, clean_mentions
from foursight.core.linkage.identity import (
    Decision,
    IdentityEvent,
    IdentityState,
    apply_decisions,
    as_mapping,
    carry_over,
    cluster_sizes,
)
from foursight.core.linkage.model import ModelParams, export_params, settings_dict, train
from foursight.errors import InvalidInput

EDGE_COLUMNS = ("mention_id_l", "mention_id_r", "match_weight", "match_probability")
COMPARED = ("first_name", "surname", "dob", "phone", "email", "handle", "postcode")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds and the chaining alert's sensitivity."""

    link: float = 0.99
    review: float = 0.5
    alert_growth: float = 1.5
    alert_min_size: int = 25
    alert_max_size: int = 200


@dataclass
class LinkageRun:
    """Everything one run produced.

    ``clusters``: mention_id, person_id, cluster_size, match_probability_max (the best
    edge joining the mention to another mention of the same person; null when alone).
    ``edges``: every scored pair at or above the review threshold with its status
    (``link``, ``review``, ``must_link``, ``cannot_link``), ``same_person`` and each
    comparison's match weight ``mw_<field>`` (positive: evidence for a match).
    """

    clusters: pa.Table
    edges: pa.Table
    params: ModelParams
    identities: IdentityState
    events: list[IdentityEvent]
    unmet_decisions: list[Decision]
    alerts: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    def review_queue(self) -> pa.Table:
        """Review-band pairs, those that would merge two people first, then by probability."""
        review = self.edges.filter(pc.equal(self.edges.column("status"), "review"))
        return review.sort_by([("same_person", "ascending"), ("match_probability", "descending")])


def _is_clean(table: Any) -> bool:
    return isinstance(table, pa.Table) and set(CLEAN_COLUMNS) <= set(table.column_names)


def _edge_table(raw: pa.Table, thresholds: Thresholds, decisions: Sequence[Decision]) -> pa.Table:
    status = pc.if_else(
        pc.greater_equal(raw.column("match_probability"), thresholds.link), "link", "review"
    )
    edges = raw.append_column("status", status)
    if not decisions:
        return edges
    cannot = {frozenset((d.mention_a, d.mention_b)) for d in decisions if d.kind == "cannot_link"}
    must = {frozenset((d.mention_a, d.mention_b)) for d in decisions if d.kind == "must_link"}
    pairs = [
        frozenset(p)
        for p in zip(
            edges.column("mention_id_l").to_pylist(),
            edges.column("mention_id_r").to_pylist(),
            strict=True,
        )
    ]
    statuses = edges.column("status").to_pylist()
    for i, pair in enumerate(pairs):
        if pair in cannot:
            statuses[i] = "cannot_link"
        elif pair in must:
            statuses[i] = "must_link"
    edges = edges.set_column(edges.schema.get_field_index("status"), "status", pa.array(statuses))
    missing = must - set(pairs)
    extra = [sorted(p) for p in missing if len(p) == 2]
    if not extra:
        return edges
    added = pa.table(
        {
            "mention_id_l": [p[0] for p in extra],
            "mention_id_r": [p[1] for p in extra],
            "match_probability": pa.array(
                [1.0] * len(extra), edges.schema.field("match_probability").type
            ),
            "status": ["must_link"] * len(extra),
        }
    )
    return pa.concat_tables([edges, added], promote_options="default")


def _attach_persons(
    edges: pa.Table, mentions: list[str], person_of: dict[str, str]
) -> tuple[pa.Table, pa.Table]:
    persons = pa.table({"mention_id": mentions, "person_id": [person_of[m] for m in mentions]})
    left = persons.rename_columns(["mention_id_l", "person_l"])
    right = persons.rename_columns(["mention_id_r", "person_r"])
    joined = edges.join(left, "mention_id_l").join(right, "mention_id_r")
    same = pc.equal(joined.column("person_l"), joined.column("person_r"))
    joined = joined.append_column("same_person", same).drop_columns(["person_l", "person_r"])
    inside = joined.filter(pc.and_(same, pc.not_equal(joined.column("status"), "cannot_link")))
    ends = pa.concat_tables(
        [
            inside.select(["mention_id_l", "match_probability"]).rename_columns(["m", "p"]),
            inside.select(["mention_id_r", "match_probability"]).rename_columns(["m", "p"]),
        ]
    )
    best = ends.group_by("m").aggregate([("p", "max")]).rename_columns(["mention_id", "pmax"])
    sizes = cluster_sizes(person_of)
    clusters = persons.append_column(
        "cluster_size", pa.array([sizes[person_of[m]] for m in mentions], pa.int64())
    )
    clusters = clusters.join(best, "mention_id").rename_columns(
        ["mention_id", "person_id", "cluster_size", "match_probability_max"]
    )
    return clusters.sort_by("mention_id"), joined.sort_by(
        [("mention_id_l", "ascending"), ("mention_id_r", "ascending")]
    )


def _alerts(sizes: dict[str, int], state: IdentityState, th: Thresholds) -> list[str]:
    largest = max(sizes.values(), default=0)
    alerts = []
    previous = state.largest_cluster
    if previous and largest >= th.alert_min_size and largest > th.alert_growth * previous:
        alerts.append(
            f"Largest person grew from {previous} to {largest} mentions: check for false "
            "merges chained through shared identifiers before acting on it."
        )
    if largest > th.alert_max_size:
        alerts.append(f"Largest person has {largest} mentions (limit {th.alert_max_size}).")
    state.largest_cluster = largest
    return alerts


def run_linkage(
    mentions: pa.Table | Iterable[Mapping[str, Any]],
    *,
    backend: BackendName = "duckdb",
    params: ModelParams | None = None,
    thresholds: Thresholds | None = None,
    decisions: Sequence[Decision] = (),
    previous: IdentityState | None = None,
    backend_options: Mapping[str, Any] | None = None,
) -> LinkageRun:
    """Deduplicate person mentions into persons.

    ``mentions`` are raw (see :data:`~foursight.core.linkage.clean.INPUT_COLUMNS`) or
    already cleaned, as Arrow or dicts; with ``backend="spark"`` they may also be a Spark
    DataFrame, cleaned on the executors (only ids, clusters and edges reach the driver). Without ``params`` the model is trained on these mentions (on the
    chosen backend); with them, training is skipped and the parameters are injected.
    ``previous`` carries person ids over from the last run and is updated in place.
    """
    th = thresholds or Thresholds()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    model_input: Any
    if is_spark_frame(mentions):
        if backend != "spark":
            raise InvalidInput("A Spark DataFrame needs backend='spark'.", field="backend")
        columns = set(mentions.columns)  # type: ignore[union-attr]
        model_input = mentions if set(CLEAN_COLUMNS) <= columns else clean_on_spark(mentions)
        model_input = model_input.select(*CLEAN_COLUMNS)
    else:
        table = mentions if _is_clean(mentions) else clean_mentions(mentions)
        assert isinstance(table, pa.Table)
        model_input = table.select(list(CLEAN_COLUMNS))
    timings["clean"] = time.perf_counter() - start
    be = make_backend(backend, **dict(backend_options or {}))
    try:
        t = time.perf_counter()
        sdf = be.register(model_input, "mentions")
        linker = Linker(sdf, settings_dict(be.name, params), log_level=None)
        if params is None:
            steps = train(linker)
            timings.update({f"train_{k}": v for k, v in steps.items()})
            count = model_input.count() if be.name == "spark" else model_input.num_rows
            params = export_params(linker, trained_on=be.name, n_mentions=int(count))
        timings["train"] = time.perf_counter() - t
        t = time.perf_counter()
        predictions = linker.inference.predict(threshold_match_probability=th.review)
        weights = ", ".join(f"mw_{g}" for g in COMPARED)
        # Table and column names below come from Splink and this module, never from input.
        raw_edges = be.query(
            f"select {', '.join(EDGE_COLUMNS)}, {weights} from {predictions.physical_name}"  # noqa: S608
        )
        timings["predict"] = time.perf_counter() - t
        t = time.perf_counter()
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=th.link
        )
        cluster_table = be.query(
            f"select mention_id, cluster_id from {clustered.physical_name}"  # noqa: S608
        )
        timings["cluster"] = time.perf_counter() - t
    finally:
        be.close()
    t = time.perf_counter()
    clusters = as_mapping(cluster_table, "mention_id", "cluster_id")
    # Decisions naming a mention that is not in this run do not apply to it.
    decisions = [d for d in decisions if d.mention_a in clusters and d.mention_b in clusters]
    edges = _edge_table(raw_edges, th, decisions)
    links = edges.filter(pc.is_in(edges.column("status"), pa.array(["link", "must_link"])))
    link_list = list(
        zip(
            links.column("mention_id_l").to_pylist(),
            links.column("mention_id_r").to_pylist(),
            links.column("match_probability").to_pylist(),
            strict=True,
        )
    )
    clusters, unmet = apply_decisions(clusters, link_list, decisions)
    state = previous if previous is not None else IdentityState()
    person_of, events = carry_over(clusters, state)
    mention_ids = cluster_table.column("mention_id").to_pylist()
    out_clusters, out_edges = _attach_persons(edges, mention_ids, person_of)
    alerts = _alerts(cluster_sizes(person_of), state, th)
    timings["identities"] = time.perf_counter() - t
    return LinkageRun(out_clusters, out_edges, params, state, events, unmet, alerts, timings)


def dedupe(
    mentions: pa.Table | Iterable[Mapping[str, Any]],
    backend: BackendName = "duckdb",
    params: ModelParams | None = None,
    **options: Any,
) -> tuple[pa.Table, pa.Table]:
    """Deduplicate mentions and return ``(clusters, edges)``; see :func:`run_linkage`."""
    run = run_linkage(mentions, backend=backend, params=params, **options)
    return run.clusters, run.edges
