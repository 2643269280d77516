"""Every state change of offender linkage: mentions, link runs and reviewer decisions.

Each action runs in one transaction and writes its audit entry in it. The thinking is
the core's (:mod:`foursight.core.linkage`); this module moves rows in and out.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party
from foursight.core import linkage
from foursight.core.linkage.backends import BackendName
from foursight.errors import InvalidInput
from foursight.offenders.access import review_edge_for
from foursight.offenders.mentions import clean_table, cleaned, mention_id, raw_fields
from foursight.offenders.models import (
    Decision,
    Edge,
    IdentityLog,
    LinkModel,
    LinkRun,
    Mention,
    Offender,
)

#: Size and seed of the synthetic population a small database trains on.
SYNTHETIC_TRAINING = (3000, 11)


def sync_mentions() -> int:
    """Make one mention per suspect party, refresh changed ones; returns how many exist.

    Mentions of parties that no longer exist go with them (cascade).
    """
    parties = list(  # in chunks, so the identifier prefetch stays within query limits
        Party.objects.filter(role=Party.Role.SUSPECT)
        .select_related("person")
        .prefetch_related("person__identifiers")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    existing = {m.party_id: m for m in Mention.objects.all()}
    rows = [{"mention_id": mention_id(p), **raw_fields(p.person)} for p in parties]
    _, clean = cleaned(rows) if rows else (None, {})
    create, update = [], []
    for party, row in zip(parties, rows, strict=True):
        mid = mention_id(party)
        raw = {k: v for k, v in row.items() if k != "mention_id"}
        values = clean[mid]
        found = existing.get(party.pk)
        if found is None:
            create.append(
                Mention(
                    mention_id=mid,
                    party=party,
                    report_id=party.report_id,
                    person_id=party.person_id,
                    raw=raw,
                    clean=values,
                )
            )
        elif found.raw != raw or found.clean != values:
            found.raw, found.clean = raw, values
            update.append(found)
    with transaction.atomic():
        Mention.objects.bulk_create(create, batch_size=2000)
        Mention.objects.bulk_update(update, ["raw", "clean"], batch_size=2000)
    return len(rows)


def save_model(params: linkage.ModelParams, source: str) -> LinkModel:
    """Store trained parameters (``source``: database or synthetic) for later runs."""
    with transaction.atomic():
        model = LinkModel.objects.create(
            spec_version=params.spec_version,
            trained_on=params.trained_on,
            source=source,
            n_mentions=params.n_mentions,
            params=params.to_json(),
        )
        record(None, Verb.CREATED, "link_model", model.pk, detail={"source": source})
    return model


def _model_params(count: int, backend: BackendName, retrain: bool) -> LinkModel | None:
    """The stored model to use, a synthetic-trained one for a small database, or None.

    ``None`` means: train on the database mentions in this run.
    """
    stored = LinkModel.objects.filter(spec_version=linkage.SPEC_VERSION).first()
    if stored is not None and not retrain:
        return stored
    if count >= settings.LINK_MIN_TRAINING:
        return None
    size, seed = SYNTHETIC_TRAINING
    population = linkage.generate_mentions(size, seed=seed).drop_columns(["person_truth"])
    return save_model(linkage.run_linkage(population, backend=backend).params, "synthetic")


def _previous_state(last: LinkRun | None) -> linkage.IdentityState:
    assignments = dict(
        Mention.objects.filter(offender__isnull=False).values_list("mention_id", "offender__code")
    )
    if last is None:
        return linkage.IdentityState(assignments)
    return linkage.IdentityState(assignments, last.next_seq, last.largest)


def _decisions() -> list[linkage.Decision]:
    rows = Decision.objects.select_related("mention_a", "mention_b", "reviewer")
    return [
        linkage.Decision(
            d.mention_a.mention_id,
            d.mention_b.mention_id,
            linkage.DecisionKind(d.kind),
            d.reviewer.username,
            d.reason,
        )
        for d in rows
    ]


def _weights(row: dict[str, Any]) -> dict[str, float]:
    return {
        name[3:]: round(float(value), 3)
        for name, value in row.items()
        if name.startswith("mw_") and value is not None
    }


def link_run(
    actor: User | None, *, backend: BackendName = "duckdb", retrain: bool = False
) -> LinkRun:
    """Link every suspect mention in the database and store identities, edges and the queue.

    Person ids carry over from the last run (merges and splits logged); reviewer
    decisions outrank the model. ``actor`` is None for a scheduled or CLI run.
    """
    started = datetime.now(UTC)
    count = sync_mentions()
    if count == 0:
        raise InvalidInput("No suspects are recorded yet: there is nothing to link.")
    mentions = {m.mention_id: m for m in Mention.objects.all()}
    table = _clean_table(mentions)
    model = _model_params(count, backend, retrain)
    params = linkage.ModelParams.from_json(model.params) if model else None
    last = LinkRun.objects.first()
    thresholds = linkage.Thresholds(link=settings.LINK_THRESHOLD, review=settings.REVIEW_THRESHOLD)
    state = _previous_state(last)
    result = linkage.run_linkage(
        table,
        backend=backend,
        params=params,
        thresholds=thresholds,
        decisions=_decisions(),
        previous=state,
    )
    with transaction.atomic():
        if model is None:
            model = save_model(result.params, "database")
        run = _store_run(actor, started, backend, model, result, thresholds, mentions)
        record(
            actor,
            Verb.LINKAGE_RUN,
            "linkage",
            run.pk,
            detail={
                "backend": backend,
                "mentions": run.mentions,
                "offenders": run.offenders,
                "review": run.review,
                "alerts": len(run.alerts),
            },
        )
    return run


def _clean_table(mentions: dict[str, Mention]) -> pa.Table:
    return clean_table((m, mentions[m].clean) for m in sorted(mentions))


def _store_run(
    actor: User | None,
    started: datetime,
    backend: str,
    model: LinkModel,
    result: linkage.LinkageRun,
    thresholds: linkage.Thresholds,
    mentions: dict[str, Mention],
) -> LinkRun:
    clusters = result.clusters.select(["mention_id", "person_id"]).to_pylist()
    person_of = {c["mention_id"]: c["person_id"] for c in clusters}
    sizes = Counter(person_of.values())
    edges = result.edges.to_pylist()
    statuses = Counter(e["status"] for e in edges)
    run = LinkRun.objects.create(
        started_at=started,
        finished_at=datetime.now(UTC),
        actor=actor,
        backend=backend,
        model=model,
        mentions=len(person_of),
        offenders=len(sizes),
        links=statuses["link"] + statuses["must_link"],
        review=statuses["review"],
        largest=max(sizes.values(), default=0),
        next_seq=result.identities.next_seq,
        thresholds={"link": thresholds.link, "review": thresholds.review},
        alerts=list(result.alerts),
        timings={k: round(v, 3) for k, v in result.timings.items()},
        unmet_decisions=[[d.mention_a, d.mention_b, str(d.kind)] for d in result.unmet_decisions],
    )
    known = {o.code: o for o in Offender.objects.all()}
    reports: dict[str, set[int]] = {}
    for mid, code in person_of.items():
        reports.setdefault(code, set()).add(mentions[mid].report_id)
    new = [Offender(code=code, first_run=run) for code in sizes if code not in known]
    Offender.objects.bulk_create(new, batch_size=2000)  # returns the new ids
    known.update({o.code: o for o in new})
    merged = {o: e.person_id for e in result.events if e.kind == "merge" for o in e.others}
    changed = []
    for code, offender in known.items():
        fields = (
            code in sizes,
            "" if code in sizes else merged.get(code, offender.merged_into),
            sizes.get(code, 0),
            len(reports.get(code, ())),
        )
        current = (
            offender.active,
            offender.merged_into,
            offender.mention_count,
            offender.report_count,
        )
        if fields != current:
            offender.active, offender.merged_into = fields[0], fields[1]
            offender.mention_count, offender.report_count = fields[2], fields[3]
            changed.append(offender)
    Offender.objects.bulk_update(
        changed, ["active", "merged_into", "mention_count", "report_count"], batch_size=2000
    )
    moved = []
    for mid, mention in mentions.items():
        offender = known[person_of[mid]]
        if mention.offender_id != offender.pk:
            mention.offender = offender
            moved.append(mention)
    Mention.objects.bulk_update(moved, ["offender"], batch_size=2000)
    Edge.objects.all().delete()
    Edge.objects.bulk_create(
        [
            Edge(
                run=run,
                left=mentions[e["mention_id_l"]],
                right=mentions[e["mention_id_r"]],
                match_probability=float(e["match_probability"]),
                status=e["status"],
                same_person=bool(e["same_person"]),
                weights=_weights(e),
            )
            for e in edges
        ],
        batch_size=2000,
    )
    IdentityLog.objects.bulk_create(
        [
            IdentityLog(run=run, kind=e.kind, code=e.person_id, others=list(e.others))
            for e in result.events
        ]
    )
    return run


def decide(
    actor: User, edge_id: int, kind: str, reason: str, *, justification: str = ""
) -> Decision:
    """Record a reviewer's decision on a queued pair; the next link run respects it.

    A second decision on the same pair replaces the first (both are in the audit log).
    """
    edge, reason_given = review_edge_for(actor, edge_id, justification=justification)
    if kind not in Decision.Kind.values:
        raise InvalidInput("kind: use must_link or cannot_link", field="kind")
    text = (reason or "").strip()
    if len(text) < 5:
        raise InvalidInput("reason: give a reason of at least 5 characters", field="reason")
    a, b = sorted((edge.left, edge.right), key=lambda m: m.mention_id)
    with transaction.atomic():
        previous = Decision.objects.filter(mention_a=a, mention_b=b).first()
        decision, _ = Decision.objects.update_or_create(
            mention_a=a,
            mention_b=b,
            defaults={
                "kind": kind,
                "reviewer": actor,
                "reason": text,
                "decided_at": datetime.now(UTC),
            },
        )
        edge.status = kind
        edge.save(update_fields=["status"])
        record(
            actor,
            Verb.PAIR_DECIDED,
            "linkage_pair",
            edge.pk,
            justification=reason_given,
            detail={
                "mentions": [a.mention_id, b.mention_id],
                "kind": kind,
                "reason": text,
                "replaces": previous.kind if previous else None,
            },
        )
    return decision
