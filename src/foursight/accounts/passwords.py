"""Password rules: Django's validators plus one of our own, on every path that sets a password.

``AUTH_PASSWORD_VALIDATORS`` (server/settings.py) lists them: similarity to the user's
name and e-mail, at least 10 characters, not one of Django's 20,000 common passwords,
not all digits, and :class:`VarietyValidator` (not blank, not one character repeated).
:func:`check_strength` runs them and turns a refusal into one clear ``InvalidInput``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from foursight.errors import InvalidInput

#: Fewest distinct characters a password must hold ("          " and "aaaaaaaaaa" have one).
MIN_DISTINCT = 4


class VarietyValidator:
    """Refuse passwords that are blank or made of a few characters repeated."""

    def validate(self, password: str, user: Any = None) -> None:
        if not password.strip():
            raise ValidationError("This password is blank (spaces only).", code="password_blank")
        if len(set(password)) < MIN_DISTINCT:
            raise ValidationError(
                f"This password repeats too few characters (at least {MIN_DISTINCT} different).",
                code="password_too_repetitive",
            )

    def get_help_text(self) -> str:
        return f"Your password must hold at least {MIN_DISTINCT} different characters."


def check_strength(password: str, user: Any) -> None:
    """Raise ``InvalidInput`` on the ``password`` field naming every rule it breaks.

    ``user`` is the (possibly unsaved) user, so the similarity check sees their name.
    """
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        reasons = " ".join(str(m) for m in exc.messages)
        raise InvalidInput(f"password: {reasons}", field="password") from exc


def read_new_password(*, from_stdin: bool, prompt: Any, stdin: Any) -> str:
    """A new password from standard input (one line) or typed twice at a hidden prompt.

    Never from a command-line argument: the process list would show it to every user of
    the machine.
    """
    if from_stdin:
        line = stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            raise InvalidInput("password: standard input held no password", field="password")
        return str(password)
    first = prompt("New password: ")
    if prompt("Repeat it: ") != first:
        raise InvalidInput("password: the two entries differ", field="password")
    return str(first)
