"""Persistent person identities and reviewer decisions on top of linkage clusters.

Splink's cluster ids are the smallest mention id in each connected component: they
change whenever a component gains a smaller mention, and they say nothing about who the
person was last run. This module keeps *person ids* stable across runs:

* each new cluster inherits the id of the previous person it overlaps, oldest person
  first and by largest overlap, so a rerun on the same data gives the same ids;
* when a cluster swallows several previous persons it keeps the **oldest** id (ids are
  minted in order, ``P000000001`` < ``P000000002``) and the others are logged as merged;
* when a previous person splits, the largest part keeps the id and every other part
  gets a newly minted id, logged as a split.

Reviewer decisions are applied before identities are carried over: a must-link joins
two clusters; a cannot-link is enforced by re-clustering the affected component with
the strongest edges first and never joining two sides that a reviewer has separated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pyarrow as pa
import pyarrow.compute as pc

_ID_WIDTH = 9


class DecisionKind(StrEnum):
    MUST_LINK = "must_link"
    CANNOT_LINK = "cannot_link"


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's decision on a pair of mentions; it outranks the model."""

    mention_a: str
    mention_b: str
    kind: DecisionKind
    reviewer: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class IdentityEvent:
    """A logged change of identity: ``merge`` (others folded into person_id) or ``split``."""

    kind: str
    person_id: str
    others: tuple[str, ...]


@dataclass
class IdentityState:
    """Who each mention was last run, and the next id to mint. Persist between runs."""

    assignments: dict[str, str] = field(default_factory=dict)
    next_seq: int = 1
    largest_cluster: int = 0

    def mint(self) -> str:
        person_id = f"P{self.next_seq:0{_ID_WIDTH}d}"
        self.next_seq += 1
        return person_id

    def to_table(self) -> pa.Table:
        """The assignments as an Arrow table (mention_id, person_id) for storage."""
        ids = list(self.assignments)
        return pa.table(
            {"mention_id": ids, "person_id": [self.assignments[m] for m in ids]},
            metadata={"next_seq": str(self.next_seq), "largest_cluster": str(self.largest_cluster)},
        )

    @classmethod
    def from_table(cls, table: pa.Table) -> IdentityState:
        meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        mentions = table.column("mention_id").to_pylist()
        persons = table.column("person_id").to_pylist()
        minted = [int(p[1:]) for p in persons if p.startswith("P") and p[1:].isdigit()]
        next_seq = max(int(meta.get("next_seq", "1")), max(minted, default=0) + 1)
        return cls(
            dict(zip(mentions, persons, strict=True)),
            next_seq,
            int(meta.get("largest_cluster", "0")),
        )


class _UnionFind:
    def __init__(self, nodes: Iterable[str]) -> None:
        self.parent = {n: n for n in nodes}
        self.members = {n: {n} for n in self.parent}
        self.forbidden: dict[str, set[str]] = defaultdict(set)

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def forbid(self, a: str, b: str) -> None:
        self.forbidden[a].add(b)
        self.forbidden[b].add(a)

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if any(self.find(x) == big for m in self.members[small] for x in self.forbidden[m]):
            return False
        self.parent[small] = big
        self.members[big] |= self.members.pop(small)
        return True


def apply_decisions(
    clusters: dict[str, str],
    links: Sequence[tuple[str, str, float]],
    decisions: Sequence[Decision],
) -> tuple[dict[str, str], list[Decision]]:
    """Re-cluster the components that reviewer decisions touch.

    ``clusters`` maps mention -> cluster label; ``links`` are the edges at or above the
    link threshold. Returns the updated mapping (only touched mentions change) and the
    decisions that could not be honoured (two must-links across a cannot-link), which
    need a reviewer's attention.
    """
    known = [d for d in decisions if d.mention_a in clusters and d.mention_b in clusters]
    if not known:
        return clusters, []
    touched = {clusters[m] for d in known for m in (d.mention_a, d.mention_b)}
    nodes = [m for m, c in clusters.items() if c in touched]
    uf = _UnionFind(nodes)
    for d in known:
        if d.kind is DecisionKind.CANNOT_LINK:
            uf.forbid(d.mention_a, d.mention_b)
    unmet = [
        d
        for d in known
        if d.kind is DecisionKind.MUST_LINK and not uf.union(d.mention_a, d.mention_b)
    ]
    node_set = set(nodes)
    inside = [e for e in links if e[0] in node_set and e[1] in node_set]
    for left, right, _ in sorted(inside, key=lambda e: (-e[2], e[0], e[1])):
        uf.union(left, right)
    out = dict(clusters)
    for members in uf.members.values():
        label = f"d:{min(members)}"
        for m in members:
            out[m] = label
    return out, unmet


def carry_over(
    clusters: dict[str, str], state: IdentityState
) -> tuple[dict[str, str], list[IdentityEvent]]:
    """Give every cluster a persistent person id; update ``state`` in place.

    Returns mention -> person_id and the merge/split events of this run.
    """
    overlap: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    members: dict[str, list[str]] = defaultdict(list)
    for mention, cluster in clusters.items():
        members[cluster].append(mention)
        old = state.assignments.get(mention)
        if old is not None:
            overlap[old][cluster] += 1
    cluster_person: dict[str, str] = {}
    retired: dict[str, str] = {}
    for person in sorted(overlap):
        ranked = sorted(overlap[person].items(), key=lambda kv: (-kv[1], min(members[kv[0]])))
        free = [c for c, _ in ranked if c not in cluster_person]
        if free:
            cluster_person[free[0]] = person
        else:
            retired[person] = ranked[0][0]
    minted: dict[str, str] = {}
    for cluster in sorted(members, key=lambda c: min(members[c])):
        if cluster not in cluster_person:
            cluster_person[cluster] = minted[cluster] = state.mint()
    events: list[IdentityEvent] = []
    merged_into: dict[str, list[str]] = defaultdict(list)
    for person, cluster in retired.items():
        merged_into[cluster_person[cluster]].append(person)
    for kept, others in sorted(merged_into.items()):
        events.append(IdentityEvent("merge", kept, tuple(sorted(others))))
    for person in sorted(overlap):
        parts = sorted(minted[c] for c in overlap[person] if c in minted)
        if parts:
            events.append(IdentityEvent("split", person, tuple(parts)))
    result = {m: cluster_person[c] for m, c in clusters.items()}
    state.assignments = dict(result)
    return result, events


def cluster_sizes(person_of: dict[str, str]) -> dict[str, int]:
    """How many mentions each person has."""
    sizes: dict[str, int] = defaultdict(int)
    for person in person_of.values():
        sizes[person] += 1
    return dict(sizes)


def as_mapping(table: pa.Table, key: str, value: str) -> dict[str, str]:
    """Two string columns of an Arrow table as a dict."""
    keys = pc.cast(table.column(key), pa.string()).to_pylist()
    values = pc.cast(table.column(value), pa.string()).to_pylist()
    return dict(zip(keys, values, strict=True))
