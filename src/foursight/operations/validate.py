"""Input checks shared by the operations actions: each error names its field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from foursight.core.operation_commands import check_when, date_field, offence_codes, text_field


def when_field(data: dict[str, Any], field: str) -> datetime:
    """``data[field]`` as a date and time with its zone, not in the future; now if absent."""
    return check_when(data.get(field), field, now=timezone.now())


__all__ = ["date_field", "offence_codes", "text_field", "when_field"]
