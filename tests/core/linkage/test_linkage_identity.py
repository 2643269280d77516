"""Persistent ids and reviewer decisions, on hand-made clusters (no Splink involved)."""

from __future__ import annotations

from foursight.core.linkage.identity import (
    Decision,
    DecisionKind,
    IdentityEvent,
    IdentityState,
    apply_decisions,
    carry_over,
)


def test_first_run_mints_ids_in_mention_order() -> None:
    state = IdentityState()
    persons, events = carry_over({"m1": "c1", "m2": "c1", "m3": "c3"}, state)
    assert persons == {"m1": "P000000001", "m2": "P000000001", "m3": "P000000002"}
    assert events == [] and state.next_seq == 3


def test_rerun_with_new_cluster_labels_keeps_ids() -> None:
    state = IdentityState()
    carry_over({"m1": "a", "m2": "a", "m3": "b"}, state)
    persons, events = carry_over({"m1": "x", "m2": "x", "m3": "y", "m4": "y"}, state)
    assert persons == {
        "m1": "P000000001",
        "m2": "P000000001",
        "m3": "P000000002",
        "m4": "P000000002",
    }
    assert events == []


def test_merge_keeps_the_oldest_id_even_when_the_younger_is_larger() -> None:
    state = IdentityState()
    carry_over({"m1": "a", "m2": "b", "m3": "b", "m4": "b"}, state)
    persons, events = carry_over({m: "z" for m in ("m1", "m2", "m3", "m4")}, state)
    assert set(persons.values()) == {"P000000001"}
    assert events == [IdentityEvent("merge", "P000000001", ("P000000002",))]


def test_split_gives_the_largest_part_the_old_id_and_mints_the_rest() -> None:
    state = IdentityState()
    carry_over({"m1": "a", "m2": "a", "m3": "a", "m4": "a"}, state)
    persons, events = carry_over({"m1": "x", "m2": "y", "m3": "y", "m4": "y"}, state)
    assert persons == {
        "m1": "P000000002",
        "m2": "P000000001",
        "m3": "P000000001",
        "m4": "P000000001",
    }
    assert events == [IdentityEvent("split", "P000000001", ("P000000002",))]


def test_state_round_trips_through_arrow() -> None:
    state = IdentityState()
    carry_over({"m1": "a", "m2": "b"}, state)
    state.largest_cluster = 9
    again = IdentityState.from_table(state.to_table())
    assert again.assignments == state.assignments
    assert (again.next_seq, again.largest_cluster) == (3, 9)


def test_cannot_link_splits_a_chain_at_its_weakest_edge() -> None:
    clusters = {"a": "a", "b": "a", "c": "a", "d": "d"}
    links = [("a", "b", 0.999), ("b", "c", 0.991)]
    cannot = Decision("a", "c", DecisionKind.CANNOT_LINK, reviewer="DC 123")
    out, unmet = apply_decisions(clusters, links, [cannot])
    assert out["a"] == out["b"] != out["c"]
    assert out["d"] == "d" and unmet == []


def test_must_link_joins_clusters_and_conflicts_are_reported() -> None:
    clusters = {"a": "a", "b": "b", "c": "c"}
    must_ab = Decision("a", "b", DecisionKind.MUST_LINK)
    cannot_bc = Decision("b", "c", DecisionKind.CANNOT_LINK)
    must_ac = Decision("a", "c", DecisionKind.MUST_LINK)
    out, unmet = apply_decisions(clusters, [], [must_ab, cannot_bc, must_ac])
    assert out["a"] == out["b"] != out["c"]
    assert unmet == [must_ac]


def test_decisions_about_unknown_mentions_change_nothing() -> None:
    clusters = {"a": "a", "b": "a"}
    out, unmet = apply_decisions(clusters, [], [Decision("a", "zz", DecisionKind.CANNOT_LINK)])
    assert out == clusters and unmet == []
