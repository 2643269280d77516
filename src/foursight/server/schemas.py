"""Shared API schema pieces: strict input (unknown fields refused), bounded list pages,
bounded day windows, a strict multipart form and the error shape every route documents.

Every number a client can send in a query is bounded here once, so a huge value is a 400
that names the parameter rather than a database overflow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.params.models import Form, FormModel
from pydantic import ConfigDict, Field

from foursight.errors import InvalidInput

__all__ = [
    "MAX_DAYS",
    "MAX_ID",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "ErrorDetail",
    "ErrorOut",
    "Page",
    "PageParams",
    "RecordId",
    "Strict",
    "StrictForm",
    "StrictFormModel",
    "WithinDays",
]

T = TypeVar("T")

#: The largest page a list route returns, and the furthest a client may skip into a list.
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
#: The widest day window a query may ask for (ten years).
MAX_DAYS = 3650
#: The largest record id a database key holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1

#: A record id sent as a query parameter: bounded like the database key it names.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Strict(Schema):
    """Input schema: an unknown field is an error that names it, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class PageParams(Schema):
    """The one pagination schema every list route takes (``limit`` and ``offset``)."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="items per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="items to skip")


class WithinDays(Schema):
    within_days: int = Field(
        7, ge=0, le=MAX_DAYS, description="days from today (overdue always included)"
    )


class ErrorDetail(Schema):
    code: str = Field(description="stable error code, e.g. invalid_input, not_found")
    message: str = Field(description="what went wrong, in words a person can act on")
    field: str | None = Field(None, description="the field or parameter at fault, if one")


class ErrorOut(Schema):
    """The one JSON shape of every error under /api/."""

    error: ErrorDetail


class StrictFormModel(FormModel):
    """Form data for a :class:`Strict` schema: unknown fields are refused by name.

    django-ninja keeps only the fields a form schema declares, so without this a
    misspelt multipart field would be dropped without a word.
    """

    @classmethod
    def get_request_data(
        cls, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]
    ) -> dict[str, Any] | None:
        data = super().get_request_data(request, api, path_params)
        known = set(getattr(cls, "__ninja_flatten_map__", {}) or cls.model_fields)
        unknown = sorted(set(data or {}) - known)
        if unknown:
            raise InvalidInput(f"{unknown[0]}: unknown field", field=unknown[0])
        return data


class StrictFormParam(Form):  # type: ignore[misc]
    _model = StrictFormModel

    @classmethod
    def _param_source(cls) -> str:
        return "form"


if TYPE_CHECKING:
    from ninja import Form as StrictForm
else:
    from ninja.params import ParamShortcut

    #: ``meta: StrictForm[ExhibitMeta]``: multipart fields, unknown ones refused by name.
    StrictForm = ParamShortcut(lambda **kwargs: StrictFormParam(..., **kwargs))
