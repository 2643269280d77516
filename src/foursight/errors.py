"""One error tree for Foursight.

Every error a person can meet is a :class:`FoursightError` with a stable ``code`` and a
message they can act on. The API renders these as one JSON shape, pages as an error page
and the CLI as one line on stderr with a non-zero exit. Foreign exceptions are mapped to
these at the boundary (``raise InvalidInput(...) from exc``) so no traceback reaches a user.
"""

from __future__ import annotations


class FoursightError(Exception):
    """Base of every error Foursight reports to a person."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        """The JSON error shape: ``{"code", "message"}`` plus ``field`` when one is named."""
        out = {"code": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        return out


class InvalidInput(FoursightError):
    """The input is malformed or breaks a rule; the message names the field, line or byte."""

    code = "invalid_input"
    status = 400


class ImportRejected(InvalidInput):
    """A file could not be imported; nothing from it was stored."""

    code = "import_rejected"
    status = 422


class TooLarge(InvalidInput):
    """An upload or body is larger than the configured limit; the message names it."""

    code = "too_large"
    status = 413


class NotAuthenticated(FoursightError):
    code = "not_authenticated"
    status = 401


class SecondFactorRequired(NotAuthenticated):
    """The password was right but the account also needs a one-time code (``otp``)."""

    code = "otp_required"


class Throttled(FoursightError):
    """Too many failed sign-ins; ``retry_after`` is the wait in seconds (``Retry-After``)."""

    code = "throttled"
    status = 429

    def __init__(self, message: str, *, retry_after: int = 60, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = max(1, int(retry_after))


class Forbidden(FoursightError):
    """The user may not do this (used only where existence is already known to them)."""

    code = "forbidden"
    status = 403


class JustificationRequired(Forbidden):
    """The record lies outside the user's own BCU: access needs a recorded justification."""

    code = "justification_required"
    status = 403


class NotFound(FoursightError):
    """Missing and forbidden look the same, so ids leak nothing."""

    code = "not_found"
    status = 404

    def __init__(self, what: str = "record", *, field: str | None = None) -> None:
        super().__init__(f"No such {what}, or you do not have access to it.", field=field)


class Conflict(FoursightError):
    code = "conflict"
    status = 409


class IntegrityFailure(FoursightError):
    """A stored hash chain or content hash does not verify."""

    code = "integrity_failure"
    status = 500
