"""Commands: ``foursight insights refresh|attrition|export``.

``refresh`` rebuilds the Parquet export DuckDB reads (for example from a timer after the
nightly load); ``attrition`` and ``export`` run as a named user (``--as``), with the same
scope, suppression and audit as the pages and the API.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from foursight.operations.cli import user_named


def cmd_refresh(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.audit.actions import record
    from foursight.audit.vocabulary import Verb
    from foursight.insights import warehouse

    start = time.perf_counter()
    counts = warehouse.refresh()
    record(None, Verb.EXPORTED, "insights", "refresh", detail=counts)
    took = time.perf_counter() - start
    rows = ", ".join(f"{name} {n}" for name, n in counts.items())
    print(f"insights export rebuilt in {took:.1f} s under {warehouse.directory()}: {rows}")
    return 0


def _filters(args: argparse.Namespace) -> dict[str, str | None]:
    return {
        "month_from": args.month_from,
        "month_to": args.month_to,
        "bcu": args.bcu,
        "offence": args.offence,
    }


def cmd_attrition(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.insights import service

    data = service.figures(user_named(args.as_user), "attrition", **_filters(args))
    if args.json:
        print(json.dumps(data, default=str, indent=2))
        return 0
    totals = data["totals"]
    print(f"reports {totals['reports']}, with an outcome {totals['with_outcome']}")
    for key, label in (
        ("victim_withdrawal", "victim withdrawal (14, 16)"),
        ("evidential_difficulties", "evidential difficulties (15)"),
        ("charge_summons", "charge or summons (1)"),
    ):
        share = totals["shares"][key]
        shown = f"{share:.1%}" if share is not None else "withheld"
        print(f"  {label}: {totals[key] if totals[key] is not None else 'suppressed'} ({shown})")
    charge = data["time_to_charge"]
    print(f"  days to charge: median {charge['median_days']}, n {charge['n']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.insights import service

    body, _, name = service.export(
        user_named(args.as_user), args.table, args.format, **_filters(args)
    )
    out = Path(args.out or name)
    out.write_bytes(body)
    print(f"wrote {args.table} ({args.format}, {len(body)} bytes) to {out}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    insights = subparsers.add_parser("insights", help="aggregate figures and exports")
    sub = insights.add_subparsers(dest="insights_command", required=True)
    p = sub.add_parser("refresh", help="rebuild the Parquet export that DuckDB reads")
    p.set_defaults(func=cmd_refresh)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--as", dest="as_user", required=True, help="analyst, supervisor or admin")
        p.add_argument("--from", dest="month_from", help="first month, YYYY-MM")
        p.add_argument("--to", dest="month_to", help="last month, YYYY-MM")
        p.add_argument("--bcu")
        p.add_argument("--offence")

    p = sub.add_parser("attrition", help="outcome shares, times to charge and trial")
    p.add_argument("--json", action="store_true")
    common(p)
    p.set_defaults(func=cmd_attrition)
    p = sub.add_parser("export", help="an aggregate table as CSV or Parquet (audited)")
    p.add_argument("table")
    p.add_argument("--format", default="csv", choices=("csv", "parquet"))
    p.add_argument("--out")
    common(p)
    p.set_defaults(func=cmd_export)
