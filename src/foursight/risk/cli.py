"""Commands: ``foursight risk score`` (no database) and ``foursight risk tasks``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from foursight.errors import InvalidInput, NotFound


def cmd_score(args: argparse.Namespace) -> int:
    """Score a JSON body (as for ``POST /api/v1/instruments/{id}/score``); nothing is stored."""
    from foursight.core.instruments import score_request

    try:
        payload = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"file: cannot read {args.file}: {exc.strerror}", field="file") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"file: not valid JSON (line {exc.lineno})", field="file") from exc
    print(json.dumps(score_request(args.instrument, payload).to_dict(), indent=2))
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    """Reassessments due and overdue plan actions over the reports a user may see."""
    from foursight.cli import django_setup

    django_setup()
    from datetime import UTC, datetime

    from foursight.accounts.models import User
    from foursight.risk.access import reports_with_risk
    from foursight.risk.tasks import REASON_LABELS, due_tasks, overdue_actions

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        raise NotFound("user", field="user")
    reports = reports_with_risk(user, justification=args.justification or "")
    today = datetime.now(UTC).date()
    tasks = due_tasks(reports, within_days=args.days)
    print(f"reassessments due within {args.days} days: {len(tasks)}")
    for task in tasks:
        flag = " OVERDUE" if task.overdue(today) else ""
        reasons = "; ".join(REASON_LABELS[r] for r in task.reasons)
        print(f"  {task.reference}  due {task.due_on.isoformat()}{flag}  ({reasons})")
    overdue = list(overdue_actions(reports))
    print(f"overdue plan actions: {len(overdue)}")
    for action in overdue:
        print(
            f"  {action.plan.report.reference}  {action.get_agency_display()}: "
            f"{action.description} ({action.owner}, due {action.due_on.isoformat()})"
        )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    risk = subparsers.add_parser("risk", help="risk instruments, reassessments and plans")
    sub = risk.add_subparsers(dest="risk_command", required=True)
    score = sub.add_parser("score", help="score an instrument from a JSON file; stores nothing")
    score.add_argument("instrument", help="four, dash, sdash, dara, srp or sam")
    score.add_argument("file", help='JSON: {"answers": {...}, "judgement": ..., "context": ...}')
    score.set_defaults(func=cmd_score)
    tasks = sub.add_parser("tasks", help="reassessments due and overdue plan actions for a user")
    tasks.add_argument("--user", required=True, help="whose reports (their need-to-know)")
    tasks.add_argument("--days", type=int, default=7, help="due within this many days")
    tasks.add_argument("--justification", help="purpose of access (admins)")
    tasks.set_defaults(func=cmd_tasks)
