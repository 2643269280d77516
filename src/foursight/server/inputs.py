"""One check on all text a client sends: NUL bytes are refused, naming the field.

A NUL byte (``\\x00``) is never part of legitimate text in Foursight. PostgreSQL cannot
store it in a text column (the insert fails), SQLite stores it and later tools truncate
at it. It is refused here, once, for every JSON body, query string and form of the API,
and by :mod:`foursight.server.middleware` for every page's address, query and form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from foursight.errors import InvalidInput

NUL = "\x00"


def nul_error(field: str) -> InvalidInput:
    where = field or "the request"
    return InvalidInput(
        f"{where}: contains a NUL byte (\\x00), which is not allowed in text", field=field or None
    )


def _join(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def find_nul(value: Any, where: str = "") -> str | None:
    """The path (``victims[0].name``) of the first string in ``value`` holding a NUL, if any."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                return _join(where, str(key).replace(NUL, "\\x00"))
            found = find_nul(item, _join(where, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = find_nul(item, _join(where, index))
            if found is not None:
                return found
    return None


def check_pairs(pairs: Iterable[tuple[str, str]]) -> None:
    """Refuse the first name or value (query or form) that holds a NUL byte."""
    for key, value in pairs:
        if NUL in key:
            raise nul_error(key.replace(NUL, "\\x00"))
        if NUL in value:
            raise nul_error(key)


class TextParser(Parser):
    """django-ninja's parser with NUL bytes refused in bodies, queries and forms."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        found = find_nul(data)
        if found is not None:
            raise nul_error(found)
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        check_pairs(
            (key, item) for key, items in data.lists() for item in items if isinstance(item, str)
        )
        return super().parse_querydict(data, list_fields, request)
