"""Commands: ``foursight orders detect-breaches``."""

from __future__ import annotations

import argparse

from foursight.errors import InvalidInput


def cmd_detect(args: argparse.Namespace) -> int:
    """Scan stored evidence for contact breaching orders; print what was flagged."""
    from foursight.cli import django_setup

    django_setup()
    from foursight.orders.detection_actions import detect_breaches
    from foursight.orders.models import Order

    if args.order:
        known = set(Order.objects.filter(pk__in=args.order).values_list("pk", flat=True))
        missing = sorted(set(args.order) - known)
        if missing:
            raise InvalidInput(f"--order: no order {missing[0]}", field="order")
    result = detect_breaches(None, order_ids=args.order or None, report_ids=args.report or None)
    print(
        f"orders checked: {result.orders}; events matching a subject: {result.events_scanned}; "
        f"new potential breaches: {len(result.new_breaches)} ({result.new_events} events)"
    )
    for breach_id in result.new_breaches:
        print(f"  potential breach {breach_id}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    orders = subparsers.add_parser("orders", help="protective orders and breaches")
    sub = orders.add_subparsers(dest="orders_command", required=True)
    detect = sub.add_parser(
        "detect-breaches",
        help="flag contact from an order's subject to a protected person in stored evidence",
    )
    detect.add_argument("--order", type=int, action="append", help="only this order (repeatable)")
    detect.add_argument(
        "--report", type=int, action="append", help="only events on this report (repeatable)"
    )
    detect.set_defaults(func=cmd_detect)
