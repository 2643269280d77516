"""The REST API under /api/v1/: one NinjaAPI, bearer auth, one JSON error shape.

Every error is ``{"error": {"code": ..., "message": ..., "field": ...}}`` with the HTTP
status of its :mod:`foursight.errors` class; validation errors name the field. Nothing
raised in a route escapes as a traceback or an HTML page: unexpected errors are logged and
answered 500 in the same shape, and the OpenAPI document declares the errors of every
operation (:mod:`foursight.server.openapi`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer

from foursight.accounts.actions import user_for_token
from foursight.accounts.models import User
from foursight.errors import FoursightError, InvalidInput, NotAuthenticated
from foursight.server.inputs import TextParser
from foursight.server.middleware import foreign_error
from foursight.server.openapi import declare_errors


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)


class FoursightAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_errors(schema)
        return schema


api = FoursightAPI(
    title="Foursight API",
    version="1",
    urls_namespace="api-v1",
    auth=BearerAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=TextParser(),
)


def error_response(request: HttpRequest, error: FoursightError) -> HttpResponse:
    return api.create_response(request, {"error": error.as_dict()}, status=error.status)


@api.exception_handler(FoursightError)
def _foursight_error(request: HttpRequest, exc: FoursightError) -> HttpResponse:
    return error_response(request, exc)


def _loc(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form", "data")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = _loc(first.get("loc", ()))
    message = str(first.get("msg", "invalid input"))
    if first.get("type") == "extra_forbidden":
        message = "unknown field"
    elif first.get("type") == "json_invalid":
        message = "the request body is not valid JSON"
    text = f"{field}: {message}" if field else message
    return error_response(request, InvalidInput(text, field=field or None))


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request, NotAuthenticated("Send a valid token: Authorization: Bearer <token>.")
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, FoursightError):  # raised while parsing the body
        return error_response(request, exc.__cause__)
    if exc.status_code == 400:
        return error_response(request, InvalidInput(f"The request body is not valid JSON ({exc})."))
    error = FoursightError(str(exc))
    error.status = exc.status_code
    return error_response(request, error)


@api.exception_handler(Http404)
@api.exception_handler(Exception)
def _any_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else (Django's own refusals, bugs): the same shape, never a traceback."""
    return error_response(request, foreign_error(request, exc))


def actor(request: HttpRequest) -> User:
    """The authenticated user of an API request."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def justification(request: HttpRequest) -> str:
    return request.headers.get("X-Justification", "")


def register_routers() -> None:
    """Mount every app's ``api.router`` at its ``PREFIX`` (see ``server/apps.py``)."""
    from foursight.server.apps import DOMAIN_APPS, app_module

    for app in DOMAIN_APPS:
        module = app_module(app, "api")
        if module is not None:
            api.add_router(module.PREFIX, module.router)


register_routers()
