"""Commands: ``foursight operations list|summary|export|suspects``, each as a named user.

The commands go through the same gatekeepers as the pages and the API (``--as`` names
the user whose access applies; ``--why`` is the purpose of access force-wide roles give),
so every read is audited under that user.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from foursight.errors import InvalidInput


def user_named(username: str) -> Any:
    from foursight.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).select_related("unit").first()
    if user is None:
        raise InvalidInput(f"--as: no active user {username!r}", field="as")
    return user


def cmd_list(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.accounts.access import check_justification
    from foursight.audit.actions import record
    from foursight.audit.vocabulary import Verb
    from foursight.operations import access

    user = user_named(args.as_user)
    access.require_operation_role(user)
    reason = check_justification(user, None, args.why)
    record(user, Verb.SEARCHED, "operation", justification=reason)
    for op in access.visible_operations(user).prefetch_related("units"):
        units = ",".join(sorted(u.code for u in op.units.all()))
        print(f"{op.pk}\t{op.name}\t{op.starts_on}..{op.ends_on}\t{units}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.operations import access
    from foursight.operations.summary import summary

    user = user_named(args.as_user)
    op = access.operation_for(user, args.operation, justification=args.why)
    figures = summary(user, op)
    if args.json:
        print(json.dumps(figures, default=str, indent=2))
        return 0
    t = figures["targets"]
    print(f"{op.name}: {figures['total']} targets")
    print(
        f"  outstanding {t['outstanding']}, arrested {t['arrested']}, circulated as wanted "
        f"{t['circulated_as_wanted']}, eliminated {t['eliminated']}; charged {figures['charged']}"
    )
    for category, n in figures["arrests_by_category"].items():
        print(f"  arrests for {category.replace('_', ' ')}: {n}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.audit.actions import record
    from foursight.audit.vocabulary import Verb
    from foursight.operations import access
    from foursight.operations.summary import targets_csv

    user = user_named(args.as_user)
    op = access.operation_for(user, args.operation, justification=args.why, audit=False)
    body = targets_csv(user, op)
    record(
        user,
        Verb.EXPORTED,
        "operation",
        op.pk,
        justification=args.why.strip(),
        detail={"format": "csv"},
    )
    if args.out:
        Path(args.out).write_text(body, encoding="utf-8")
        print(f"wrote {body.count(chr(10)) - 1} targets to {args.out}")
    else:
        print(body, end="")
    return 0


def cmd_suspects(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from foursight.operations import access

    user = user_named(args.as_user)
    parties = access.outstanding_suspects(user, justification=args.why)
    print(f"{parties.count()} outstanding suspects")
    for party in parties[: args.limit]:
        bcu = (party.report.unit.parent or party.report.unit).code
        print(f"{party.person_id}\t{party.person.display_name}\t{party.report.reference}\t{bcu}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ops = subparsers.add_parser("operations", help="operations, targets and the suspects list")
    sub = ops.add_subparsers(dest="operations_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--as", dest="as_user", required=True, help="the user whose access applies")
        p.add_argument("--why", default="", help="purpose of access (force-wide roles)")

    p = sub.add_parser("list", help="operations the user may see")
    common(p)
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("summary", help="an operation's dashboard figures")
    p.add_argument("operation", type=int)
    p.add_argument("--json", action="store_true")
    common(p)
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("export", help="an operation's targets as CSV (audited)")
    p.add_argument("operation", type=int)
    p.add_argument("--out", help="file to write (default: standard output)")
    common(p)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("suspects", help="the outstanding-suspects list")
    p.add_argument("--limit", type=int, default=50)
    common(p)
    p.set_defaults(func=cmd_suspects)
