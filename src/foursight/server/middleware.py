"""Errors rendered once: an error page for pages, the JSON error shape under /api/.

A user never sees a traceback. Pages get the error page; anything under /api/ gets
``{"error": {"code", "message", "field"}}`` whatever produced it: a route, an unknown
address (404), a method the route does not take (405) or an unexpected failure (500).
Text with a NUL byte is refused here for pages (address, query and form); the API's own
parser refuses it in bodies, queries and forms (:mod:`foursight.server.inputs`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from foursight.errors import (
    FoursightError,
    InvalidInput,
    JustificationRequired,
    NotFound,
    TooLarge,
)
from foursight.server.inputs import NUL, check_pairs, nul_error

log = logging.getLogger("foursight")

API = "/api/"
#: The error codes of statuses that reach a client without passing through a route.
STATUS_CODES = {
    400: ("invalid_input", "The request was refused as malformed."),
    403: ("forbidden", "You may not do that."),
    404: ("not_found", "No such address in the API; see /api/v1/docs."),
    405: ("method_not_allowed", "This address does not take that method."),
    413: ("too_large", "The request body is too large."),
}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API)


class ErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refuse_nul(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not is_json(response):
            return api_status_response(request, response)
        return response

    def refuse_nul(self, request: HttpRequest) -> HttpResponse | None:
        """Pages' forms and every address: a NUL byte is a 400 naming the field."""
        try:
            if NUL in request.path:
                raise nul_error("address")
            if not is_api(request):
                check_pairs((k, v) for k, items in request.GET.lists() for v in items)
                if request.content_type == "application/x-www-form-urlencoded":
                    check_pairs((k, v) for k, items in request.POST.lists() for v in items)
        except InvalidInput as error:
            return render_error(request, error)
        except SuspiciousOperation:
            return None  # too big or too many fields: the view meets it again and says so
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return render_error(request, foreign_error(request, exception))


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def server_error() -> FoursightError:
    error = FoursightError(
        "Something went wrong on our side; it has been logged. Please try again."
    )
    error.code = "server_error"
    error.status = 500
    return error


def too_large() -> TooLarge:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return TooLarge(
        f"The request body is larger than the {limit:,} bytes this server accepts "
        "(file uploads apart); nothing was stored."
    )


def foreign_error(request: HttpRequest, exc: Exception) -> FoursightError:
    """Map any exception to an error of the tree; unexpected ones are logged and become 500."""
    if isinstance(exc, FoursightError):
        return exc
    if isinstance(exc, Http404):
        return NotFound()
    if isinstance(exc, RequestDataTooBig):
        return too_large()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return InvalidInput("The request has too many fields or files.")
    if isinstance(exc, SuspiciousOperation):
        return InvalidInput("The request was refused as malformed.")
    log.error("unhandled error on %s", request.path, exc_info=exc)
    return server_error()


def api_error(error: FoursightError) -> HttpResponse:
    return JsonResponse({"error": error.as_dict()}, status=error.status)


def api_status_response(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Rewrite a non-JSON error response under /api/ into the JSON error shape."""
    code, message = STATUS_CODES.get(response.status_code, ("error", "The request failed."))
    if response.status_code >= 500:
        code, message = "server_error", server_error().message
    out = JsonResponse({"error": {"code": code, "message": message}}, status=response.status_code)
    if response.has_header("Allow"):
        out["Allow"] = response["Allow"]
    return out


def render_error(request: HttpRequest, error: FoursightError) -> HttpResponse:
    return api_error(error) if is_api(request) else error_page(request, error)


def error_page(request: HttpRequest, error: FoursightError) -> HttpResponse:
    context = {
        "error": error,
        "needs_justification": isinstance(error, JustificationRequired),
        "next": request.get_full_path(),
    }
    return render(request, "error.html", context, status=error.status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        error = NotFound("address")
        error.message = "No such address in the API; the routes are listed at /api/v1/docs."
        return api_error(error)
    return error_page(request, NotFound("page"))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    error = InvalidInput("The request was refused as malformed.")
    if isinstance(exception, RequestDataTooBig):
        error = too_large()
    return render_error(request, error)


def server_error_page(request: HttpRequest) -> HttpResponse:
    return render_error(request, server_error())
