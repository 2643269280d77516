"""API: tokens, the current user, reference data and user administration."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from foursight.accounts import actions
from foursight.accounts.models import Role, Unit, User
from foursight.core import reference
from foursight.errors import Forbidden, Throttled
from foursight.server.api import actor, error_response
from foursight.server.schemas import Strict

PREFIX = "/"
router = Router(tags=["accounts"])


class TokenIn(Strict):
    username: str
    password: str
    otp: str = Field(
        "",
        description="the six-digit code from the authenticator app, or a recovery code; "
        "required when the account has a second factor",
    )


class TokenOut(Schema):
    token: str


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = error_response(request, exc)
    response["Retry-After"] = str(exc.retry_after)
    return response


@router.post("/auth/token", auth=None, response=TokenOut)
def token(request: HttpRequest, payload: TokenIn) -> object:
    """Exchange a user name, password and (when the account has one) code for a bearer token.

    Repeated failures answer 429 with ``Retry-After`` (docs/security.md, Sign-in).
    """
    try:
        user = actions.login(
            payload.username, payload.password, client_address(request), otp=payload.otp
        )
    except Throttled as exc:
        return _throttled(request, exc)
    return {"token": actions.issue_token(user)}


@router.post("/auth/logout", response={204: None})
def logout(request: HttpRequest) -> Status[None]:
    """Revoke the bearer token this request was sent with."""
    _, _, sent = request.headers.get("Authorization", "").partition(" ")
    actions.revoke_token(actor(request), sent.strip())
    return Status(204, None)


class MeOut(Schema):
    username: str
    role: str
    unit: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, str]:
    user = actor(request)
    return {"username": user.username, "role": user.role, "unit": user.unit.code}


class CodeOut(Schema):
    code: str
    name: str


class UnitOut(CodeOut):
    kind: str
    parent: str | None


class OffenceOut(CodeOut):
    statute: str
    category: str
    ho_class: str
    ho_code: str
    verified: bool
    sources: list[str]
    note: str
    order_kinds: list[str]


class SourceOut(Schema):
    id: str
    title: str
    url: str


class ReferenceOut(Schema):
    units: list[UnitOut]
    offences: list[OffenceOut]
    offence_categories: list[CodeOut]
    offence_sources: list[SourceOut]
    outcomes: list[CodeOut]
    withdrawal_reasons: list[CodeOut]
    behaviours: list[CodeOut]
    relationships: list[CodeOut]
    channels: list[CodeOut]
    occasion_sources: list[CodeOut]
    report_statuses: list[CodeOut]


@router.get("/reference", response=ReferenceOut)
def reference_data(request: HttpRequest) -> dict[str, object]:
    """Units and code lists that inputs are checked against."""
    units = [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "parent": u.parent.code if u.parent else None,
        }
        for u in Unit.objects.select_related("parent").order_by("kind", "code")
    ]
    vocab = {
        key: _codes(reference.vocabulary(key))
        for key in (
            "behaviours",
            "relationships",
            "channels",
            "occasion_sources",
            "report_statuses",
        )
    }
    return {
        "units": units,
        "offences": [
            {**asdict(e), "sources": list(e.sources), "order_kinds": list(e.order_kinds)}
            for e in reference.offence_entries()
        ],
        "offence_categories": _codes(reference.offence_category_names()),
        "offence_sources": [
            {"id": key, **source} for key, source in reference.offence_sources().items()
        ],
        "outcomes": _codes(reference.outcomes()),
        "withdrawal_reasons": _codes(reference.withdrawal_reasons()),
        **vocab,
    }


def _codes(items: tuple[reference.Code, ...]) -> list[dict[str, str]]:
    return [{"code": c.code, "name": c.name} for c in items]


class UserIn(Strict):
    username: str
    role: str
    unit: str
    password: str
    email: str = ""


@router.post("/users", response={201: MeOut})
def create_user(request: HttpRequest, payload: UserIn) -> Status[dict[str, str]]:
    """Create a user (administrators only)."""
    user = _admin(request)
    new = actions.create_user(
        user,
        payload.username,
        role=payload.role,
        unit_code=payload.unit,
        password=payload.password,
        email=payload.email,
    )
    return Status(201, {"username": new.username, "role": new.role, "unit": payload.unit})


def _admin(request: HttpRequest) -> User:
    user = actor(request)
    if user.role != Role.ADMIN:
        raise Forbidden("Only an administrator manages users.")
    return user


class UserStateOut(Schema):
    username: str
    active: bool
    tokens_revoked: int


@router.post("/users/{username}/revoke-tokens", response=UserStateOut)
def revoke_tokens(request: HttpRequest, username: str) -> dict[str, object]:
    """Revoke every API token of a user (administrators only; audited)."""
    user, count = actions.revoke_tokens(_admin(request), username)
    return {"username": user.username, "active": user.is_active, "tokens_revoked": count}


@router.post("/users/{username}/deactivate", response=UserStateOut)
def deactivate(request: HttpRequest, username: str) -> dict[str, object]:
    """Deactivate a user: no sign-in, tokens revoked, open sessions end (administrators only)."""
    user, revoked = actions.set_active(_admin(request), username, active=False)
    return {"username": user.username, "active": user.is_active, "tokens_revoked": revoked}


@router.post("/users/{username}/activate", response=UserStateOut)
def activate(request: HttpRequest, username: str) -> dict[str, object]:
    """Let a deactivated user sign in again (administrators only; audited)."""
    user, _ = actions.set_active(_admin(request), username, active=True)
    return {"username": user.username, "active": user.is_active, "tokens_revoked": 0}


class ResetOut(Schema):
    username: str
    devices_removed: int


@router.post("/users/{username}/reset-2fa", response=ResetOut)
def reset_second_factor(request: HttpRequest, username: str) -> dict[str, object]:
    """Remove a user's authenticator and recovery codes so they enrol again (administrators)."""
    removed = actions.reset_second_factor(_admin(request), username)
    return {"username": username, "devices_removed": removed}
