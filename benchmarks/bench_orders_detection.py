"""Benchmark breach detection (not a test): ``FOURSIGHT_DATA_DIR=<demo dir> python
benchmarks/bench_orders_detection.py --events 200000``.

Needs a migrated database with the demo and the demo orders loaded (``foursight migrate``,
``foursight demo``, then ``foursight.orders.demo_data.load()`` if the demo did not run it).
It adds synthetic stored events on the protected persons' reports (a share of them from
the subject's number), times a first detection run over all orders and a repeat run, and
times the pure matcher alone on a larger synthetic set. It writes to the database it is
given: use a throwaway copy.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta


def _setup() -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foursight.server.settings")
    import django

    django.setup()


def seed_events(total: int, share: float, rng: random.Random) -> int:
    from django.utils import timezone

    from foursight.cases.models import Party
    from foursight.evidence.models import Exhibit, Original, StoredEvent
    from foursight.orders.models import Order
    from foursight.people.models import Identifier

    targets = []
    for order in Order.objects.prefetch_related("protected"):
        phones = list(
            Identifier.objects.filter(person_id=order.subject_id, kind="phone")
            .exclude(normalised="")
            .values_list("normalised", flat=True)
        )
        reports = Party.objects.filter(role="victim", person__in=order.protected.all()).values_list(
            "report_id", flat=True
        )
        for report_id in reports:
            if phones:
                targets.append((report_id, phones[0], order.made_on))
    if not targets:
        raise SystemExit("no order subject has a phone number: load the demo orders first")
    per = max(1, total // len(targets))
    rows = []
    now = timezone.now()
    for n, (report_id, phone, made) in enumerate(targets):
        original, _ = Original.objects.get_or_create(sha256=f"{n:064x}", defaults={"size": 1})
        exhibit, _ = Exhibit.objects.get_or_create(
            report_id=report_id,
            reference=f"BENCH-{n}",
            defaults={"original": original, "file_name": "bench.xml", "tz": "Europe/London"},
        )
        start = datetime.combine(made, datetime.min.time(), UTC) - timedelta(days=180)
        span = max(1, int((now - start).total_seconds()))
        for i in range(per):
            ours = rng.random() < share
            ts = start + timedelta(seconds=rng.randrange(span))
            rows.append(
                StoredEvent(
                    report_id=report_id,
                    exhibit=exhibit,
                    event_id=f"{n}-{i}",
                    fingerprint=f"{n:08x}{i:024x}",
                    source_sha256=original.sha256,
                    locator=str(i),
                    channel="sms",
                    direction=rng.choice(("in", "in", "out")),
                    counterpart_raw="",
                    counterpart=phone if ours else f"+4477009{rng.randrange(10**5):05d}",
                    author_label="",
                    ts_raw="",
                    ts_utc=ts,
                    tz_assumed="Europe/London",
                    ts_confidence="exact",
                    body="",
                    kind=rng.choice(("message", "call_missed")),
                    conversation="",
                    attachments="[]",
                    meta="{}",
                    parser="bench",
                )
            )
    StoredEvent.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def bench_pure(orders: int, events: int, rng: random.Random) -> float:
    from foursight.orders import rules

    start = datetime(2024, 1, 1, tzinfo=UTC)
    terms = [
        rules.OrderTerms(i, start, None, frozenset({f"+44770{i:06d}"}), frozenset({i}))
        for i in range(orders)
    ]
    stream = [
        rules.StoredEvent(
            str(k),
            rng.randrange(orders),
            f"+44770{rng.randrange(orders * 2):06d}",
            start + timedelta(minutes=k),
            "sms",
            "message",
            "in",
        )
        for k in range(events)
    ]
    t0 = time.perf_counter()
    rules.find_contacts(terms, stream)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--pure-orders", type=int, default=10_000)
    parser.add_argument("--pure-events", type=int, default=1_000_000)
    args = parser.parse_args()
    _setup()
    from foursight.orders.detection_actions import detect_breaches

    rng = random.Random(20260310)
    t0 = time.perf_counter()
    stored = seed_events(args.events, args.share, rng)
    print(f"seeded {stored} stored events in {time.perf_counter() - t0:.1f} s")
    for label in ("first run", "repeat run"):
        t0 = time.perf_counter()
        result = detect_breaches(None)
        print(
            f"{label}: {result.orders} orders, {result.events_scanned} candidate events, "
            f"{len(result.new_breaches)} new potential breaches ({result.new_events} events) "
            f"in {time.perf_counter() - t0:.2f} s"
        )
    pure = bench_pure(args.pure_orders, args.pure_events, rng)
    print(f"pure matcher: {args.pure_orders} orders x {args.pure_events} events in {pure:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
