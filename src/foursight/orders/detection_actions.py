"""Breach detection: contact from an order's subject to a protected person in stored evidence.

:func:`detect_breaches` runs on demand (API, page), after an evidence import (a signal on
the exhibit becoming ``imported``, see ``apps.py``) and from ``foursight orders
detect-breaches``. It reads the evidence store, never changes it, and is idempotent: an
event already linked to an order is not flagged again.

The subject's identifiers are the normalised identifiers on their person record plus the
counterpart identifiers officers attributed to them in evidence. An event counts when it
sits on a report where a protected person is a victim (their device), comes in, is a
message or call attempt, and falls while the order is in force (:mod:`rules`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party
from foursight.evidence.models import Attribution
from foursight.evidence.models import StoredEvent as EvidenceEvent
from foursight.orders import rules
from foursight.orders.models import Breach, BreachEvent, Order
from foursight.people.models import Identifier


@dataclass(frozen=True)
class DetectionResult:
    orders: int
    events_scanned: int
    new_breaches: list[int]
    new_events: int


def _terms(orders: list[Order]) -> list[rules.OrderTerms]:
    subject_ids = {o.subject_id for o in orders}
    idents: dict[int, set[str]] = defaultdict(set)
    for person_id, value in Identifier.objects.filter(person_id__in=subject_ids).values_list(
        "person_id", "normalised"
    ):
        if value:
            idents[person_id].add(value)
    for person_id, value in Attribution.objects.filter(person_id__in=subject_ids).values_list(
        "person_id", "identifier"
    ):
        if value:
            idents[person_id].add(value)
    out = []
    for order in orders:
        starts, ends = rules.in_force_window(order.made_on, order.expires_on, order.discharged_on)
        out.append(
            rules.OrderTerms(
                order_id=order.pk,
                starts=starts,
                ends=ends,
                subject_identifiers=frozenset(idents[order.subject_id]),
                protected_person_ids=frozenset(p.pk for p in order.protected.all()),
            )
        )
    return out


def _events(
    terms: list[rules.OrderTerms], report_ids: Iterable[int] | None
) -> tuple[list[rules.StoredEvent], dict[str, int]]:
    """Candidate events (one per device owner), and each event key's report."""
    identifiers = set().union(*(t.subject_identifiers for t in terms)) if terms else set()
    protected = set().union(*(t.protected_person_ids for t in terms)) if terms else set()
    if not identifiers or not protected:
        return [], {}
    start = min(t.starts for t in terms)
    victim_reports: dict[int, set[int]] = defaultdict(set)
    for report_id, person_id in Party.objects.filter(
        role=Party.Role.VICTIM, person_id__in=protected
    ).values_list("report_id", "person_id"):
        victim_reports[report_id].add(person_id)
    reports = set(victim_reports)
    if report_ids is not None:
        reports &= set(report_ids)
    rows = (
        EvidenceEvent.objects.filter(
            report_id__in=reports, counterpart__in=identifiers, ts_utc__gte=start
        )
        .exclude(direction="out")
        .values_list(
            "report_id", "fingerprint", "counterpart", "ts_utc", "channel", "kind", "direction"
        )
        .order_by("ts_utc", "id")
    )
    events, report_of = [], {}
    for report_id, key, counterpart, ts, channel, kind, direction in rows.iterator():
        report_of[key] = report_id
        for owner in victim_reports[report_id]:
            events.append(rules.StoredEvent(key, owner, counterpart, ts, channel, kind, direction))
    return events, report_of


def detect_breaches(
    actor: User | None,
    *,
    order_ids: Iterable[int] | None = None,
    report_ids: Iterable[int] | None = None,
) -> DetectionResult:
    """Flag potential breaches for the given orders (default all) from stored evidence.

    New matching events on the same order, protected person and day join one potential
    breach (an undecided one for that day if it exists). ``actor`` is ``None`` when the
    system runs it (after an import, from the CLI); each order's new and extended
    breaches are recorded in the audit log.
    """
    orders_qs = Order.objects.select_related("subject").prefetch_related("protected")
    if order_ids is not None:
        orders_qs = orders_qs.filter(pk__in=list(order_ids))
    orders = list(orders_qs)
    terms = _terms(orders)
    events, report_of = _events(terms, None if report_ids is None else list(report_ids))
    matches = rules.find_contacts(terms, events)
    order_pks = [t.order_id for t in terms]
    known = set(
        BreachEvent.objects.filter(order_id__in=order_pks).values_list("order_id", "event_key")
    )
    groups: dict[tuple[int, int, date], list[rules.Match]] = defaultdict(list)
    for match in matches:
        if (match.order_id, match.event.key) in known:
            continue
        known.add((match.order_id, match.event.key))
        day = match.event.ts_utc.astimezone(rules.LOCAL_ZONE).date()
        groups[(match.order_id, match.event.owner_person_id, day)].append(match)
    with transaction.atomic():
        breaches, created = _breaches_for(groups, report_of)
        BreachEvent.objects.bulk_create(
            [
                BreachEvent(
                    breach=breaches[key],
                    order_id=key[0],
                    event_key=m.event.key,
                    ts_utc=m.event.ts_utc,
                    channel=m.event.channel,
                    kind=m.event.kind,
                    direction=m.event.direction,
                    counterpart=m.event.counterpart,
                    matched_identifier=m.identifier,
                    protected_person_id=key[1],
                )
                for key, group in groups.items()
                for m in group
            ],
            batch_size=2000,
        )
        by_order: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"new": [], "added": []})
        for key in groups:
            pk = int(breaches[key].pk)
            by_order[key[0]]["new" if key in created else "added"].append(pk)
        for order_id, detail in sorted(by_order.items()):
            record(actor, Verb.BREACH_DETECTED, "order", order_id, detail=detail)
    return DetectionResult(
        orders=len(orders),
        events_scanned=len({e.key for e in events}),
        new_breaches=sorted(int(breaches[k].pk) for k in created),
        new_events=sum(len(g) for g in groups.values()),
    )


def _breaches_for(
    groups: dict[tuple[int, int, date], list[rules.Match]], report_of: dict[str, int]
) -> tuple[dict[tuple[int, int, date], Breach], set[tuple[int, int, date]]]:
    """The potential breach for each (order, protected person, UK day): an undecided one
    already detected for that day, else a new one. Returns them and the keys created."""
    out: dict[tuple[int, int, date], Breach] = {}
    existing = (
        BreachEvent.objects.filter(
            order_id__in={k[0] for k in groups},
            breach__status=Breach.Status.POTENTIAL,
            breach__source=Breach.Source.DETECTED,
        )
        .select_related("breach")
        .order_by("breach_id")
    )
    for row in existing:
        day = row.breach.occurred_at.astimezone(rules.LOCAL_ZONE).date()
        key = (row.order_id, row.protected_person_id, day)
        if key in groups:
            out.setdefault(key, row.breach)
    for key, breach in out.items():
        earliest = min(m.event.ts_utc for m in groups[key])
        if earliest < breach.occurred_at:
            breach.occurred_at = earliest
            breach.save(update_fields=["occurred_at"])
    created = [k for k in groups if k not in out]
    new = []
    for key in created:
        first = min(groups[key], key=lambda m: m.event.ts_utc)
        new.append(
            Breach(
                order_id=key[0],
                status=Breach.Status.POTENTIAL,
                source=Breach.Source.DETECTED,
                occurred_at=first.event.ts_utc,
                report_id=report_of.get(first.event.key),
                description=(
                    f"{len(groups[key])} contact(s) from {first.identifier} detected in evidence"
                ),
            )
        )
    for key, breach in zip(created, Breach.objects.bulk_create(new, batch_size=1000), strict=True):
        out[key] = breach
    return out, set(created)
