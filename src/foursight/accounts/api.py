"""API: tokens, the current user, reference data and user administration."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from foursight.accounts import actions
from foursight.accounts.models import Role, Unit
from foursight.core import reference
from foursight.errors import Forbidden
from foursight.server.api import actor
from foursight.server.schemas import Strict

PREFIX = "/"
router = Router(tags=["accounts"])


class TokenIn(Strict):
    username: str
    password: str


class TokenOut(Schema):
    token: str


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@router.post("/auth/token", auth=None, response=TokenOut)
def token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    """Exchange a user name and password for a bearer token."""
    user = actions.login(payload.username, payload.password, client_address(request))
    return {"token": actions.issue_token(user)}


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


class ReferenceOut(Schema):
    units: list[UnitOut]
    offences: list[CodeOut]
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
        "offences": _codes(reference.offences()),
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
    user = actor(request)
    if user.role != Role.ADMIN:
        raise Forbidden("Only an administrator creates users.")
    new = actions.create_user(
        user,
        payload.username,
        role=payload.role,
        unit_code=payload.unit,
        password=payload.password,
        email=payload.email,
    )
    return Status(201, {"username": new.username, "role": new.role, "unit": payload.unit})
