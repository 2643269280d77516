"""Render Foursight errors raised in page views as an error page: never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foursight.errors import FoursightError, JustificationRequired, NotFound

log = logging.getLogger("foursight")


class ErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None  # the API renders its own JSON errors
        if isinstance(exception, FoursightError):
            return error_page(request, exception)
        log.exception("unhandled error on %s", request.path)
        error = FoursightError(
            "Something went wrong on our side; it has been logged. Please try again."
        )
        error.status = 500
        return error_page(request, error)


def error_page(request: HttpRequest, error: FoursightError) -> HttpResponse:
    context = {
        "error": error,
        "needs_justification": isinstance(error, JustificationRequired),
        "next": request.get_full_path(),
    }
    return render(request, "error.html", context, status=error.status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, NotFound("page"))


def server_error(request: HttpRequest) -> HttpResponse:
    error = FoursightError(
        "Something went wrong on our side; it has been logged. Please try again."
    )
    error.status = 500
    return error_page(request, error)
