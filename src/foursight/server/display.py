"""Template filters for the one display rule (``core/display.py``), loaded on every
template as a builtin (``TEMPLATES`` in settings): ``{{ when|local }}``,
``{{ event.time|utc }}``, ``{{ day|day }}``, ``{{ rate|percent }}``."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from foursight.core import display

register = template.Library()


@register.filter
def day(value: date | datetime | None) -> str:
    return display.day(value)


@register.filter
def local(value: datetime | None) -> str:
    return display.local_time(value)


@register.filter
def utc(value: datetime | None) -> str:
    return display.evidence_time(value)


@register.filter
def utc_minutes(value: datetime | None) -> str:
    return display.evidence_time(value, seconds=False)


@register.filter
def percent(value: float | None) -> str:
    return display.percent(value)
