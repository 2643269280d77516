"""``foursight evidence register``: register an exhibit file from the command line, as
the register page does (the same command, checks and custody entry)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from foursight.errors import InvalidInput, NotFound


def cmd_register(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.accounts.models import User
    from foursight.cases.models import Report
    from foursight.evidence import register_actions as register
    from foursight.evidence.receiving import receive_path

    path = Path(args.file)
    if not path.is_file():
        raise InvalidInput(f"file: {args.file}: no such file", field="file")
    actor = User.objects.filter(username=args.user, is_active=True).first()
    if actor is None:
        raise InvalidInput(f"--user: no active user {args.user!r}", field="user")
    found = Report.objects.filter(reference=args.report).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound("report")
    cmd = register.register_command(
        int(found),
        {
            "reference": args.reference,
            "kind": args.kind,
            "description": args.description,
            "produced_by": args.produced_by,
            "seized_at": args.seized_at,
            "seized_where": args.seized_where,
        },
        args.justification,
    )
    exhibit = register.register_exhibit(actor, cmd, receive_path(path))
    print(
        f"{exhibit.reference}: {exhibit.kind}, {exhibit.original.size} bytes, "
        f"sha256 {exhibit.original_id}"
    )
    return 0


def add_register(sub: Any) -> None:
    r = sub.add_parser(
        "register",
        help="register a video, CCTV, photograph, screenshot, document or audio exhibit",
    )
    r.add_argument("file", metavar="FILE")
    r.add_argument("--report", required=True, help="report reference")
    r.add_argument("--reference", required=True, help="exhibit reference, e.g. AR/1")
    r.add_argument(
        "--kind",
        required=True,
        help="body_worn_video, cctv, photograph, screenshot, document or audio",
    )
    r.add_argument("--description", required=True)
    r.add_argument("--produced-by", required=True, help="the officer who produced or seized it")
    r.add_argument("--seized-at", default="", help="when seized, YYYY-MM-DDTHH:MM")
    r.add_argument("--seized-where", default="")
    r.add_argument("--user", required=True, help="the officer registering (checked for access)")
    r.add_argument("--justification", default="", help="purpose of access, if needed")
    r.set_defaults(func=cmd_register)
