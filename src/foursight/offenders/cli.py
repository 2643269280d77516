"""``foursight link run|dedupe`` and ``foursight harm refresh``.

``link run`` and ``harm refresh`` are suitable for a schedule (cron, a systemd timer):
each prints one summary line and exits 0, or one error line and exits 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from foursight.cli import django_setup

BACKENDS = ("duckdb", "spark")


def cmd_link_run(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.offenders.actions import link_run

    run = link_run(None, backend=args.backend, retrain=args.retrain)
    print(
        f"link run {run.pk}: {run.mentions} mentions, {run.offenders} offenders, "
        f"{run.links} links, {run.review} pairs to review, largest {run.largest} "
        f"({run.backend}, model {run.model_id} {run.model.source})"
    )
    for alert in run.alerts:
        print(f"alert: {alert}")
    return 0


def cmd_link_dedupe(args: argparse.Namespace) -> int:
    from foursight.core.linkage import dedupe_file

    run = dedupe_file(args.input, args.output, backend=args.backend)
    persons = len(set(run.clusters.column("person_id").to_pylist()))
    print(f"{run.clusters.num_rows} mentions, {persons} persons -> {args.output}")
    return 0


def cmd_harm_refresh(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.offenders.ranking_actions import load_index, refresh_harm

    made = refresh_harm(
        None, index=load_index(args.cchi), top_n=args.top, window_days=args.window_days
    )
    force = made[0]
    print(
        f"harm rankings refreshed: force and {len(made) - 1} BCUs, {force.scored} offenders "
        f"scored, index {force.index_id} {force.index_version}, window {force.window_days} days"
    )
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("link", help="offender linkage")
    sub = p.add_subparsers(dest="link_command", required=True)
    r = sub.add_parser("run", help="link every suspect mention in the database")
    r.add_argument("--backend", choices=BACKENDS, default="duckdb")
    r.add_argument("--retrain", action="store_true", help="train a new model before linking")
    r.set_defaults(func=cmd_link_run)
    d = sub.add_parser("dedupe", help="deduplicate a CSV or Parquet file (no database)")
    d.add_argument("--input", required=True, help="CSV or Parquet with mention_id, names ...")
    d.add_argument("--output", required=True, help="CSV: mention_id, person_id, probability")
    d.add_argument("--backend", choices=BACKENDS, default="duckdb")
    d.set_defaults(func=cmd_link_dedupe)

    p = subparsers.add_parser("harm", help="highest-harm rankings")
    sub = p.add_subparsers(dest="harm_command", required=True)
    h = sub.add_parser("refresh", help="score offenders and store the force and BCU lists")
    h.add_argument("--top", type=int, default=None, help="offenders kept per list")
    h.add_argument("--window-days", type=int, default=None, help="the scoring window")
    h.add_argument("--cchi", default=None, help="a Cambridge Crime Harm Index CSV to use")
    h.set_defaults(func=cmd_harm_refresh)
