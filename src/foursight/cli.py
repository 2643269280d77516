"""The ``foursight`` command: thin, over the actions and the core.

Every error prints one line on stderr and exits non-zero; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from foursight.errors import FoursightError


def django_setup() -> None:
    """Configure Django for a command that touches the database (app commands call this)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foursight.server.settings")
    import django

    django.setup()


def cmd_migrate(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings

    from foursight.demo_cli import migrate

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    migrate(settings.DATABASES["default"]["NAME"])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings

    from foursight.server.uploads import FORM_ALLOWANCE

    if args.workers < 1 or args.threads < 1:
        print("foursight: serve: --workers and --threads must be at least 1", file=sys.stderr)
        return 2
    # The server refuses larger bodies before reading them; below this the upload limit
    # check (foursight.server.uploads) answers with its own message
    body_limit = (
        max(1 << 30, settings.UPLOAD_MAX_BYTES, settings.MEDIA_UPLOAD_MAX_BYTES) + FORM_ALLOWANCE
    )
    print(f"Foursight on http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    if args.workers > 1:
        # several processes (gunicorn): each loads the application and its anchor timer
        from foursight.server import prefork

        prefork.serve(args.host, args.port, args.workers, args.threads, body_limit)
        return 0
    from waitress import serve

    from foursight.audit.anchor import ANCHORER
    from foursight.evidence.jobs import ensure_worker
    from foursight.server.wsgi import application

    ANCHORER.enable_timer()
    # evidence tasks queued before a restart resume at once, with no worker to start
    ensure_worker()
    serve(
        application,
        host=args.host,
        port=args.port,
        threads=args.threads,
        ident="foursight",
        max_request_body_size=body_limit,
    )
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.audit.actions import verify

    result = verify(args.anchors)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.audit.actions import anchor_now
    from foursight.audit.anchor import anchor_path

    try:
        anchor = anchor_now()
    except OSError as exc:
        print(f"foursight: audit anchor not written to {anchor_path()}: {exc}", file=sys.stderr)
        return 2
    print(f"anchored entry {anchor.seq} ({anchor.hash[:16]}...) in {anchor_path()}")
    return 0


def _audit_commits() -> int:
    module = sys.modules.get("foursight.audit.anchor")
    return 0 if module is None else int(module.ANCHORER.commits)


def _anchor_if_written(commits_before: int) -> None:
    """A command that wrote audit entries anchors the head before it exits."""
    if _audit_commits() == commits_before:
        return
    from django.db import DatabaseError

    from foursight.audit.actions import anchor_now

    try:
        anchor_now()
    except (OSError, DatabaseError) as exc:
        print(f"foursight: warning: audit anchor not written: {exc}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="foursight", description="Stalking case intelligence.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="serve the web app and API with a production-grade server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8, help="threads per server process")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes: 1 (default) runs waitress in this process; more run "
        "gunicorn with that many worker processes, one per core",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or upgrade the database")
    p.set_defaults(func=cmd_migrate)

    from foursight.demo_cli import DEFAULT_URL, cmd_demo

    p = sub.add_parser("demo", help="load the synthetic demo force and its accounts")
    p.add_argument(
        "--reset", action="store_true", help="replace existing reports and demo accounts"
    )
    p.add_argument("--size", choices=["small", "medium"], default="small")
    from foursight.accounts.cli import add_password_options

    add_password_options(p, otherwise="the documented foursight-demo")
    p.add_argument("--if-empty", action="store_true", help="do nothing if reports exist")
    p.add_argument(
        "--url",
        default=DEFAULT_URL,
        help=f"the address the server will answer on, for the sign-in line (default {DEFAULT_URL})",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("audit", help="the audit log")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser(
        "verify", help="check the hash chain and its anchors; exit 1 naming the first bad one"
    )
    v.add_argument(
        "--anchors",
        type=Path,
        help="anchor log to check against (default: FOURSIGHT_AUDIT_ANCHOR_PATH), "
        "e.g. a copy from the log collection",
    )
    v.set_defaults(func=cmd_audit_verify)
    a = asub.add_parser(
        "anchor", help="write the chain's head to the anchor log (FOURSIGHT_AUDIT_ANCHOR_PATH)"
    )
    a.set_defaults(func=cmd_audit_anchor)

    from foursight.server.apps import DOMAIN_APPS, app_module

    for app in DOMAIN_APPS:
        module = app_module(app, "cli")
        if module is not None:
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Library progress chatter (Splink's training log) is not for the command's user.
    logging.getLogger("splink").setLevel(logging.WARNING)
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    commits_before = _audit_commits()
    try:
        return func(args)
    except FoursightError as exc:
        print(f"foursight: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from django.db import DatabaseError

        if isinstance(exc, DatabaseError):
            print(f"foursight: database error: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2
        print(f"foursight: unexpected error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 2
    finally:
        _anchor_if_written(commits_before)


if __name__ == "__main__":
    sys.exit(main())
