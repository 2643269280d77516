"""Input checks shared by the operations actions: each error names its field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from foursight.core.operation_commands import date_field, offence_codes, text_field
from foursight.errors import InvalidInput


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


__all__ = ["date_field", "offence_codes", "text_field", "when_field"]
