"""Commands: ``foursight conduct`` (files only, no database) and ``foursight evidence``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from foursight.errors import FoursightError, ImportRejected, InvalidInput
from foursight.evidence.register_cli import add_register


def cmd_conduct(args: argparse.Namespace) -> int:
    """Parse and analyse export files with no database; print JSON or a summary."""
    from foursight.core.conduct import analyse_conduct_files
    from foursight.core.jsontext import dumps_indented

    for raw in args.files:
        if not Path(raw).is_file():
            raise ImportRejected(f"{raw}: byte 0: no such file")
    try:
        result = analyse_conduct_files(
            args.files,
            victim_ids=args.victim_id,
            victim_names=args.victim_id,
            tz=args.tz,
            locale=args.locale,
            suspect_ids=args.suspect_id or (),
        )
    except FoursightError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise InvalidInput(f"conduct: {exc}") from exc
    out = result.to_json()
    if args.json:
        # the standard library's indented text, written faster (core.jsontext)
        sys.stdout.write(dumps_indented(out) + "\n")
        return 0
    print(_summary(out))
    return 0


def cmd_train_model(args: argparse.Namespace) -> int:
    """Retrain the learned tier's model file from the labelled lines in a checkout."""
    from foursight.core.conduct.training import train_model_file

    root = Path(args.root)
    if not (root / "src/foursight/core/conduct/training/lines.csv").is_file():
        raise InvalidInput(
            f"{root}: not a Foursight checkout (no src/foursight/core/conduct/training/lines.csv)"
        )
    data = train_model_file(root)
    out = (
        Path(args.out) if args.out else root / "src/foursight/core/conduct/rules/threat_model.json"
    )
    out.write_bytes(data)
    import hashlib

    print(f"{out}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


def cmd_distil_embeddings(args: argparse.Namespace) -> int:
    """Rebuild the learned tier's static embeddings (needs the ``train`` extra)."""
    import hashlib

    from foursight.core.conduct.distil import distil_bytes

    root = Path(args.root)
    out = (
        Path(args.out)
        if args.out
        else root / "src/foursight/core/conduct/rules/threat_embeddings.npz"
    )
    data = distil_bytes()
    out.write_bytes(data)
    print(f"{out}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


def _summary(result: dict[str, Any]) -> str:
    lines = [
        f"{f['path']}: {f['format']}, {f['events']} events, sha256 {f['sha256']}"
        for f in result["files"]
    ]
    lines.append(f"events: {result['events']}; course of conduct: {result['course_of_conduct']}")
    for c in result["counterparts"]:
        lines.append(
            f"  {c['identifier'] or '(unknown)'}: {c['events']} events, {c['night']} at night, "
            f"{c['after_stop']} after a stop"
        )
    lines.append(f"stops: {len(result['stops'])}; threat hits: {len(result['threats'])}")
    for t in result["threats"]:
        tier = t.get("tier", "rule")
        lines.append(
            f"  {t['time']} {t['event_id']} {tier} {t['rule'] or ''} {t['category']} "
            f"score {t.get('score', 1.0)}: {t.get('message', t['text'])!r}"
        )
        if tier == "rule":
            lines.append(f"    matched {t['text']!r} at {t['span'][0]}-{t['span'][1]}")
        else:
            lines.append(f"    {t['why']}")
    for name, part in result["four"].items():
        lines.append(f"  {name}: {'indicated' if part.get('indicated') else 'not indicated'}")
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.accounts.models import User
    from foursight.cases.models import Report
    from foursight.errors import NotFound
    from foursight.evidence.access import evidence_writer_report
    from foursight.evidence.actions import import_into
    from foursight.evidence.meta import clean_meta

    path = Path(args.file)
    if not path.is_file():
        raise ImportRejected(f"{args.file}: byte 0: no such file")
    meta = clean_meta(
        {
            "exhibit": args.exhibit,
            "victim_ids": args.victim_id,
            "tz": args.tz,
            "locale": args.locale,
            "consent_reference": args.consent_ref,
            "scope_from": args.scope_from,
            "scope_to": args.scope_to,
            "scope_apps": args.scope_app or [],
            "scope_conversations": args.scope_conversation or [],
            "format": args.format,
        }
    )
    actor = None
    if args.user:
        actor = User.objects.filter(username=args.user, is_active=True).first()
        if actor is None:
            raise InvalidInput(f"--user: no active user {args.user!r}", field="user")
    found = Report.objects.filter(reference=args.report).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound("report")
    report = (
        evidence_writer_report(actor, found, justification=args.justification)
        if actor is not None
        else Report.objects.get(pk=found)
    )
    outcome = import_into(actor, report, path, path.name, meta)
    exhibit = outcome.exhibit
    if outcome.duplicate:
        print(f"{path.name}: already exhibit {exhibit.reference} of {args.report}; nothing stored")
    else:
        print(
            f"{exhibit.reference}: {exhibit.format}, {exhibit.events} events stored, "
            f"{exhibit.duplicates} already held, sha256 {exhibit.original_id}"
        )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import time

    from foursight.cli import django_setup

    django_setup()
    from foursight.evidence.jobs import SWEEP_EVERY, run_pending, sweep

    swept = time.monotonic()
    found = sweep()
    while True:
        ran = run_pending()
        if args.once:
            print(
                f"ran {ran} import job(s); {found.requeued} stale job(s) queued again, "
                f"{found.failed} failed, {found.exhibits} interrupted exhibit(s) marked "
                f"failed, {found.removed} abandoned upload(s) removed"
            )
            return 0
        if time.monotonic() - swept >= SWEEP_EVERY:
            swept = time.monotonic()
            sweep()
        if not ran:
            time.sleep(args.poll)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "conduct", help="analyse phone exports for a course of conduct (no database)"
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--victim-id",
        action="append",
        required=True,
        help="the victim's own number, address or chat name (repeat)",
    )
    p.add_argument("--tz", required=True, help="the phone's IANA time zone, e.g. Europe/London")
    p.add_argument("--locale", default=None, help="the phone's locale, e.g. en_GB")
    p.add_argument("--suspect-id", action="append", help="an identifier attributed to the suspect")
    p.add_argument("--json", action="store_true", help="print the full analysis as JSON")
    p.set_defaults(func=cmd_conduct)

    p = subparsers.add_parser(
        "conduct-train-model",
        help="retrain the conduct analysis's learned model from the labelled lines",
    )
    p.add_argument("--root", default=".", help="the repository checkout (default: here)")
    p.add_argument("--out", default=None, help="where to write (default: the bundled file)")
    p.set_defaults(func=cmd_train_model)

    p = subparsers.add_parser(
        "conduct-distil-embeddings",
        help="rebuild the learned model's static embeddings (needs the train extra)",
    )
    p.add_argument("--root", default=".", help="the repository checkout (default: here)")
    p.add_argument("--out", default=None, help="where to write (default: the bundled file)")
    p.set_defaults(func=cmd_distil_embeddings)

    p = subparsers.add_parser("evidence", help="phone evidence on reports")
    sub = p.add_subparsers(dest="evidence_command", required=True)
    i = sub.add_parser("import", help="import an export file into a report as an exhibit")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--report", required=True, help="report reference")
    i.add_argument("--exhibit", required=True, help="exhibit reference, e.g. AR/1")
    i.add_argument("--victim-id", action="append", required=True)
    i.add_argument("--tz", required=True)
    i.add_argument("--locale", default="")
    i.add_argument("--consent-ref", default="", help="PCSC Act 2022 s.37 agreement reference")
    i.add_argument("--scope-from", default="", help="first day of the agreed scope (YYYY-MM-DD)")
    i.add_argument("--scope-to", default="", help="last day of the agreed scope (YYYY-MM-DD)")
    i.add_argument("--scope-app", action="append", help="an app in the agreed scope (repeat)")
    i.add_argument("--scope-conversation", action="append", help="a conversation in scope")
    i.add_argument("--format", default="", help="importer id; default: recognised from the file")
    i.add_argument("--user", default="", help="the officer importing (checked for access)")
    i.add_argument("--justification", default="", help="purpose of access, if needed")
    i.set_defaults(func=cmd_import)
    add_register(sub)
    w = sub.add_parser(
        "worker",
        help="run the evidence task queue (django-tasks database worker); requeue jobs whose "
        "worker died; clean incoming/",
    )
    w.add_argument("--once", action="store_true", help="run what is queued, then stop")
    w.add_argument("--poll", type=float, default=2.0, help="seconds between queue checks")
    w.set_defaults(func=cmd_worker)
