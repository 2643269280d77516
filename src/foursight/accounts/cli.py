"""``foursight user ...``: create users, set passwords, deactivate, revoke tokens, reset 2FA.

Passwords come from a hidden prompt (typed twice) or, with ``--password-stdin``, from
one line of standard input; never from an argument, which the process list shows to
every user of the machine. Each change is audited as the system.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from foursight.cli import django_setup

REFUSED_ARGUMENT = (
    "--password is not accepted: the process list would show it. "
    "Type it at the prompt, or pipe it in with --password-stdin."
)


class RefusePasswordArgument(argparse.Action):
    """A ``--password`` kept only to explain why it is refused."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        parser.error(REFUSED_ARGUMENT)


def add_password_options(parser: argparse.ArgumentParser, otherwise: str = "a prompt") -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"read the password from the first line of standard input (otherwise {otherwise})",
    )
    parser.add_argument("--password", action=RefusePasswordArgument, help=argparse.SUPPRESS)


def new_password(args: argparse.Namespace) -> str:
    from foursight.accounts.passwords import read_new_password

    return read_new_password(
        from_stdin=args.password_stdin, prompt=getpass.getpass, stdin=sys.stdin
    )


def cmd_create(args: argparse.Namespace) -> int:
    password = new_password(args)
    django_setup()
    from foursight.accounts.actions import create_user

    user = create_user(
        None,
        args.username,
        role=args.role,
        unit_code=args.unit,
        password=password,
        email=args.email,
    )
    print(f"created {user.username} ({user.role}, {args.unit})")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    password = new_password(args)
    django_setup()
    from foursight.accounts.actions import set_password

    user = set_password(None, args.username, password)
    print(f"password changed for {user.username}; their tokens and sessions have ended")
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.accounts.actions import set_active

    user, revoked = set_active(None, args.username, active=False)
    print(f"deactivated {user.username}; {revoked} tokens revoked, sessions ended")
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.accounts.actions import set_active

    user, _ = set_active(None, args.username, active=True)
    print(f"activated {user.username}")
    return 0


def cmd_revoke_tokens(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.accounts.actions import revoke_tokens

    user, count = revoke_tokens(None, args.username)
    print(f"revoked {count} tokens of {user.username}")
    return 0


def cmd_reset_2fa(args: argparse.Namespace) -> int:
    django_setup()
    from foursight.accounts.actions import reset_second_factor

    removed = reset_second_factor(None, args.username)
    print(
        f"removed {removed} second-factor devices of {args.username}; "
        "they set up an authenticator at their next sign-in"
    )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("user", help="manage users: create, passwords, deactivation, tokens, 2FA")
    usub = p.add_subparsers(dest="user_command", required=True)
    c = usub.add_parser("create", help="create a user (password from a prompt or stdin)")
    c.add_argument("username")
    c.add_argument("--role", required=True)
    c.add_argument(
        "--unit", required=True, help="unit code: a BCU (e.g. CN) or MPS for force-wide roles"
    )
    c.add_argument("--email", default="")
    add_password_options(c)
    c.set_defaults(func=cmd_create)
    c = usub.add_parser("set-password", help="set a user's password; their tokens end")
    c.add_argument("username")
    add_password_options(c)
    c.set_defaults(func=cmd_set_password)
    for name, func, text in (
        ("deactivate", cmd_deactivate, "stop a user signing in; revoke tokens, end sessions"),
        ("activate", cmd_activate, "let a deactivated user sign in again"),
        ("revoke-tokens", cmd_revoke_tokens, "revoke every API token of a user"),
        ("reset-2fa", cmd_reset_2fa, "remove a user's authenticator and recovery codes"),
    ):
        c = usub.add_parser(name, help=text)
        c.add_argument("username")
        c.set_defaults(func=func)
