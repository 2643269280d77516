"""Commands: ``foursight path show|add``, as a named user.

They go through the same gatekeepers and the same action as the pages and the API
(``--as`` names the user whose access applies; ``--why`` is the purpose of access that
force-wide roles give).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from foursight.errors import InvalidInput


def cmd_show(args: argparse.Namespace) -> int:
    """Print a suspect's path, one step a line, or as JSON."""
    from foursight.cli import django_setup

    django_setup()
    from foursight.operations.cli import user_named
    from foursight.prosecution.access import steps_of, suspect_for
    from foursight.prosecution.serialise import step_out

    user = user_named(args.as_user)
    _, party = suspect_for(user, args.report, args.party, justification=args.why)
    steps = [step_out(s) for s in steps_of(party)]
    if args.json:
        print(json.dumps({"steps": steps}, default=str, indent=1))
        return 0
    for step in steps:
        operation = f"\toperation {step['operation']['name']}" if step["operation"] else ""
        print(f"{step['at'] or step['on']}\t{step['kind_name']}{operation}")
    print(f"{len(steps)} steps")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add a step from a JSON object, for example '{"kind": "rui", "on": "2026-03-05"}'."""
    from foursight.cli import django_setup

    django_setup()
    from foursight.operations.cli import user_named
    from foursight.prosecution.actions import RecordStep, record_step

    try:
        fields: Any = json.loads(args.step)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"step: not JSON ({exc.msg})", field="step") from exc
    if not isinstance(fields, dict):
        raise InvalidInput("step: give a JSON object with kind", field="step")
    user = user_named(args.as_user)
    step = record_step(user, RecordStep(args.report, args.party, fields, justification=args.why))
    print(f"step {step.pk}: {step.get_kind_display()} on {step.occurred_on}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    path = subparsers.add_parser("path", help="a suspect's path from arrest to release")
    sub = path.add_subparsers(dest="path_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("report", type=int, help="report id")
        p.add_argument("party", type=int, help="the suspect's party id on the report")
        p.add_argument("--as", dest="as_user", required=True, help="the user whose access applies")
        p.add_argument("--why", default="", help="purpose of access (force-wide roles)")

    p = sub.add_parser("show", help="the suspect's steps in time order")
    common(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("add", help="add a step (fields as in docs/path.md)")
    common(p)
    p.add_argument("step", help='the step as JSON, e.g. \'{"kind": "rui", "on": "2026-03-05"}\'')
    p.set_defaults(func=cmd_add)
