"""Demo orders: restraining orders, SPOs and others on charged or STAC-referred reports,
a few expiring soon, one SPO whose notification is overdue, and breaches with tasks."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.orders import rules
from foursight.orders.models import Breach, Condition, Order, OrderKind
from foursight.orders.tasks import create_breach_work

COURTS = (
    "Highbury Corner Magistrates' Court",
    "Thames Magistrates' Court",
    "Wood Green Crown Court",
    "Stratford Magistrates' Court",
)
LIMIT = 60


def _pairs() -> list[tuple[Report, int, int]]:
    """(report, suspect id, victim id) for charged or STAC-referred reports, oldest first."""
    reports = (
        Report.objects.filter(Q(outcome__code="1") | Q(stac_referred_at__isnull=False))
        .select_related("unit")
        .order_by("reported_at", "id")[: LIMIT * 2]
    )
    out = []
    for report in reports:
        parties = {p.role: p.person_id for p in Party.objects.filter(report=report)}
        if "suspect" in parties and "victim" in parties:
            out.append((report, parties["suspect"], parties["victim"]))
    return out[:LIMIT]


def load() -> dict[str, int]:
    today = timezone.localdate()
    kinds = [
        OrderKind.RESTRAINING_CONVICTION,
        OrderKind.SPO,
        OrderKind.NON_MOLESTATION,
        OrderKind.RESTRAINING_ACQUITTAL,
        OrderKind.DAPO,
        OrderKind.SPO_INTERIM,
    ]
    counts = {"orders": 0, "breaches": 0, "tasks": 0}
    with transaction.atomic():
        for i, (report, subject_id, victim_id) in enumerate(_pairs()):
            kind = kinds[i % len(kinds)]
            made = min(report.reported_at.date() + timedelta(days=60), today - timedelta(days=2))
            expires = None
            if kind == OrderKind.SPO:
                expires = rules.spo_minimum_expiry(made)
            elif kind != OrderKind.SPO_INTERIM and i % 4 != 3:
                expires = made + timedelta(days=365)
            if i % 10 == 0 and kind != OrderKind.SPO:
                expires = today + timedelta(days=5 + i % 20)  # expiring soon
            served = made if kind in rules.SPO_KINDS else None
            notified = None
            if served is not None and i % 12 != 1:
                notified = served + timedelta(days=2)
            order = Order.objects.create(
                kind=kind,
                subject_id=subject_id,
                report=report,
                court=COURTS[i % len(COURTS)],
                court_reference=f"DEMO-{i + 1:04d}",
                made_on=made,
                expires_on=expires,
                until_further_order=expires is None,
                served_on=served,
                notified_on=notified,
            )
            order.protected.set([victim_id])
            condition = Condition.objects.create(order=order, kind=Condition.Kind.NO_CONTACT)
            condition.persons.set([victim_id])
            if i % 3 == 0:
                Condition.objects.create(
                    order=order, kind=Condition.Kind.NO_SOCIAL_MEDIA, text="any platform"
                )
            counts["orders"] += 1
            if i % 7 == 2:
                when = datetime.combine(
                    min(made + timedelta(days=20), today - timedelta(days=1)),
                    time(21, 15),
                    rules.LOCAL_ZONE,
                )
                breach = Breach.objects.create(
                    order=order,
                    status=Breach.Status.CONFIRMED,
                    source=Breach.Source.RECORDED,
                    occurred_at=when,
                    report=report,
                    description="Subject waited outside the victim's workplace",
                    decided_at=timezone.now(),
                )
                counts["tasks"] += len(create_breach_work(breach, "demo").tasks)
                counts["breaches"] += 1
        record(None, Verb.DEMO_LOADED, "orders_demo", detail=counts)
    return counts
