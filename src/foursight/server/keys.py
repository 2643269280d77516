"""The secret key and the audit key: given outside development, generated once within it.

No key is written in the source. A deployment (``FOURSIGHT_ENV`` other than
``development``) must give both, each at least :data:`MIN_KEY_LENGTH` characters and
different from each other, or the process refuses to start. In development a missing
key is generated at first run into a file in the data directory, readable by its owner
only (mode 0600), and read from there afterwards, so sessions and the audit chain
survive restarts and no two installations share a key.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from foursight.errors import InvalidInput

MIN_KEY_LENGTH = 32
SECRET_KEY_FILE = "secret-key"  # noqa: S105 - a file name, not a secret
AUDIT_KEY_FILE = "audit-key"
_HOW = "for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(48))'"


def resolve_keys(
    environment: str, data_dir: Path, secret_key: str, audit_key: str
) -> tuple[str, str]:
    """Return ``(secret_key, audit_key)`` for this environment, or refuse with a reason."""
    if environment == "development":
        secret_key = secret_key or key_from_file(data_dir / SECRET_KEY_FILE)
        audit_key = audit_key or key_from_file(data_dir / AUDIT_KEY_FILE)
    else:
        for name, value in (
            ("FOURSIGHT_SECRET_KEY", secret_key),
            ("FOURSIGHT_AUDIT_KEY", audit_key),
        ):
            _check_given(name, value, environment)
    if secret_key == audit_key:
        raise InvalidInput(
            "FOURSIGHT_AUDIT_KEY must differ from FOURSIGHT_SECRET_KEY: the audit key "
            "protects the audit chain and is kept apart from the application",
            field="FOURSIGHT_AUDIT_KEY",
        )
    return secret_key, audit_key


def _check_given(name: str, value: str, environment: str) -> None:
    if not value:
        raise InvalidInput(
            f"{name} must be set when FOURSIGHT_ENV={environment} "
            f"(at least {MIN_KEY_LENGTH} random characters; {_HOW})",
            field=name,
        )
    if len(value) < MIN_KEY_LENGTH:
        raise InvalidInput(
            f"{name} is too short ({len(value)} characters): at least {MIN_KEY_LENGTH} are "
            f"required when FOURSIGHT_ENV={environment} ({_HOW})",
            field=name,
        )


def key_from_file(path: Path) -> str:
    """Read a development key, generating it first if the file does not exist yet.

    The file is created complete and with mode 0600 before it appears under its name
    (a hard link from a private temporary file), so two processes starting together
    agree on one key and neither reads a half-written file.
    """
    if not path.exists():
        _generate(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise InvalidInput(
            f"key file {path} can be read by other users (mode {mode:04o}); run: chmod 600 {path}",
            field=path.name,
        )
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MIN_KEY_LENGTH:
        raise InvalidInput(
            f"key file {path} does not hold a key of at least {MIN_KEY_LENGTH} characters",
            field=path.name,
        )
    return key


def _generate(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process generated it first: use theirs
    finally:
        temporary.unlink(missing_ok=True)
