"""``foursight demo``: load the synthetic demo force, saying what it does as it goes, then
where to sign in, the demo accounts, the BCU codes and where the sample evidence files are.

Loading takes a minute or more on a laptop, so every step is printed as it starts or
finishes, with its counts and the seconds it took.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time
from pathlib import Path
from typing import Any

# What each app's demo loader does, printed as it starts (DOMAIN_APPS order).
APP_STEPS = {
    "evidence": "importing phone evidence (SMS backups, a video clip, photographs) "
    "into Central North reports",
    "disclosure": "making a redacted copy of a demo exhibit",
    "risk": "risk screenings and DASH assessments, STAC plans and conferences",
    "offenders": "linking suspects across reports into offenders and ranking harm "
    "(the longest step)",
    "operations": "a force-wide operation with its targets and compliance checks",
    "orders": "protective orders, breaches and their tasks",
    "prosecution": "suspects' paths: arrest, bail, charge, court and release",
    "casefiles": "generating, approving and issuing a case file",
    "intake": "online reports, anonymous information and a victim's private link",
}
DEFAULT_URL = "http://127.0.0.1:8000"
PACKAGE = Path(__file__).resolve().parent


def say(text: str) -> None:
    print(text, flush=True)


class Clock:
    """Seconds since the last lap, for the end of a step's line."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def lap(self) -> str:
        now = time.monotonic()
        seconds, self.started = now - self.started, now
        return f"({seconds:.0f} s)"


def migrate(name: object) -> None:
    """Create or upgrade the database, printing each app as its migrations start."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        say(f"database ready: {name} (up to date)")
        return
    say(f"database: {name}: applying {len(plan)} migrations ...")
    clock = Clock()
    call_command(migrate_command(len(plan)), interactive=False, verbosity=0)
    say(f"database ready: {name} {clock.lap()}")


def migrate_command(total: int) -> Any:
    """Django's migrate, saying which app it is migrating (it is silent at verbosity 0)."""
    from django.core.management.commands.migrate import Command

    class Progress(Command):
        app = ""
        done = 0

        def migration_progress_callback(
            self, action: str, migration: Any = None, fake: bool = False
        ) -> None:
            if action != "apply_start" or migration is None:
                return
            if migration.app_label != self.app:
                self.app = migration.app_label
                say(f"database: migrating {self.app} ... ({self.done} of {total} done)")
            self.done += 1

    return Progress()


def cmd_demo(args: argparse.Namespace) -> int:
    from foursight.cli import django_setup

    django_setup()
    from django.conf import settings

    if settings.ENVIRONMENT == "production":
        # The demo adds accounts with a published password, and --reset deletes every report.
        print(
            "foursight: demo refused: FOURSIGHT_ENV=production; the demo creates accounts "
            "with a published password and --reset deletes every report",
            file=sys.stderr,
        )
        return 2
    from foursight.cases import demo

    password = demo_password(args)
    if args.if_empty and demo.has_data():
        say("demo: the database already holds reports; left as it is")
        guide(args.url, password)
        return 0
    if args.reset:
        say("demo: removing the reports, people and demo accounts (--reset) ...")
        demo.reset()
    clock = Clock()
    load(demo, args.size, password)
    say(f"demo: done {clock.lap()}")
    guide(args.url, password)
    return 0


def load(demo: object, size: str, password: str) -> None:
    """The core demo (accounts, people, reports), then each app's demo data, step by step."""
    from foursight.accounts.models import Unit
    from foursight.server.apps import DOMAIN_APPS, app_module

    clock = Clock()
    say("Loading the demo: a synthetic Metropolitan Police force, then each app's demo data.")
    bcus = Unit.objects.filter(kind=Unit.Kind.BCU).count()
    boroughs = Unit.objects.filter(kind=Unit.Kind.BOROUGH).count()
    say(f"demo: units: {bcus} BCUs (Basic Command Units) and {boroughs} boroughs")
    summary = demo.load(  # type: ignore[attr-defined]
        size=size, password=password, progress=lambda text: say(f"demo: {text}")
    )
    say(
        f"demo loaded: {summary['reports']} reports, {summary['persons']} persons, "
        f"{summary['users']} accounts {clock.lap()}"
    )
    # Training on the small synthetic demo warns of unobserved levels: not news for a demo.
    logging.getLogger("splink").setLevel(logging.ERROR)
    for app in DOMAIN_APPS:
        module = app_module(app, "demo_data")
        if module is None:
            continue
        say(f"demo {app}: {APP_STEPS.get(app, 'loading')} ...")
        made = module.load()
        counts = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in made.items())
        say(f"demo {app}: {counts} {clock.lap()}")


def demo_password(args: argparse.Namespace) -> str:
    """The demo accounts' password: the documented default, or one line of stdin."""
    if not args.password_stdin:
        from foursight.cases.demo import DEFAULT_PASSWORD

        return DEFAULT_PASSWORD
    from foursight.accounts.passwords import read_new_password

    return read_new_password(from_stdin=True, prompt=getpass.getpass, stdin=sys.stdin)


def guide(url: str, password: str) -> None:
    """Where to sign in, the demo accounts, the BCU codes and the sample evidence files."""
    for line in [
        "",
        f"Sign in at {url.rstrip('/')}/login once the server is running",
        "(`make run` starts it next; otherwise run `foursight serve`).",
        *account_lines(password),
        "",
        *bcu_lines(),
        "",
        *sample_lines(),
    ]:
        say(line)


def account_lines(password: str) -> list[str]:
    from foursight.accounts.models import Role, Unit
    from foursight.cases.demo import DEFAULT_PASSWORD, demo_accounts

    shown = repr(password) if password == DEFAULT_PASSWORD else "as given on standard input"
    names = dict(Unit.objects.values_list("code", "name"))
    accounts = demo_accounts()
    lines = [f"Demo accounts (password {shown}):"]
    for name, role, unit in accounts[:8]:
        where = "force-wide" if unit == "MPS" else f"{names.get(unit, unit)} BCU"
        lines.append(f"  {name:<17} {Role(role).label}, {where}")
    lines += [
        f"  {'officer.<bcu>':<17} {Role.OFFICER.label} in that BCU (e.g. officer.ce)",
        f"  {'supervisor.<bcu>':<17} {Role.SUPERVISOR.label} in that BCU ({len(accounts)} accounts in all)",
    ]
    return lines


def bcu_lines() -> list[str]:
    """What a BCU is and the codes ``officer.<bcu>`` takes, with each BCU's boroughs."""
    from foursight.accounts.models import Unit

    lines = [
        "A BCU (Basic Command Unit) is one of the Met's local policing areas, each covering",
        "two to four London boroughs. officer.<bcu> and supervisor.<bcu> take these codes:",
    ]
    for bcu in Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"):
        boroughs = ", ".join(
            Unit.objects.filter(parent=bcu, kind=Unit.Kind.BOROUGH)
            .order_by("name")
            .values_list("name", flat=True)
        )
        lines.append(f"  {bcu.code.lower():<3} {bcu.name} ({boroughs})")
    return lines


def shown(path: Path) -> str:
    """A path as a person in the project's directory types it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def sample_lines() -> list[str]:
    """Made-up evidence files a person can upload on a report's Evidence page."""
    fixtures = PACKAGE.parents[1] / "tests" / "fixtures" / "evidence"
    lines = ["Sample evidence to upload on a report's Evidence page (all made up):"]
    if fixtures.is_dir():
        lines.append(
            f"  phone exports (SMS and call backups, WhatsApp, iPhone, Gmail, Facebook, "
            f"phone bills): {shown(fixtures)} (its README.md says what each file is)"
        )
    lines.append(f"  photographs and a video clip: {shown(PACKAGE / 'evidence' / 'demo_exhibits')}")
    return lines
