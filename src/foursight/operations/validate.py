"""Input checks shared by the operations actions: each error names its field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from foursight.core import reference
from foursight.errors import InvalidInput


def text_field(data: dict[str, Any], field: str, *, required: bool = True, limit: int = 0) -> str:
    value = str(data.get(field) or "").strip()
    if required and not value:
        raise InvalidInput(f"{field}: required", field=field)
    if limit and len(value) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters", field=field)
    return value


def date_field(data: dict[str, Any], field: str, *, required: bool = True) -> date | None:
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise InvalidInput(f"{field}: required (YYYY-MM-DD)", field=field)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{field}: not a date (YYYY-MM-DD)", field=field) from exc


def when_field(data: dict[str, Any], field: str) -> datetime:
    value = data.get(field)
    if value in (None, ""):
        return timezone.now()
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise InvalidInput(f"{field}: not a date and time", field=field) from exc
    if timezone.is_naive(value):
        raise InvalidInput(f"{field}: give a time zone (for example +00:00)", field=field)
    if value > timezone.now():
        raise InvalidInput(f"{field}: in the future", field=field)
    return value


def offence_codes(data: dict[str, Any], field: str) -> list[str]:
    codes = data.get(field) or []
    if not isinstance(codes, list) or not codes:
        raise InvalidInput(f"{field}: give at least one offence code", field=field)
    allowed = reference.code_names(reference.offences())
    for index, code in enumerate(codes):
        if code not in allowed:
            raise InvalidInput(f"{field}[{index}]: unknown offence code {code!r}", field=field)
    return list(dict.fromkeys(str(c) for c in codes))
