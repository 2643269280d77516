"""Shared API schema pieces: strict input (unknown fields refused) and list pages."""

from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Schema
from pydantic import ConfigDict, Field

T = TypeVar("T")


class Strict(Schema):
    """Input schema: an unknown field is an error that names it, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)
