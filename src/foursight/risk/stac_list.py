"""Filters of the STAC's case list (page and API): decision, BCU, latest risk level, text.

Applied to :func:`foursight.risk.tasks.stac_overview`'s annotated query, so the list stays
one query however it is filtered. Text matches the reference, or a surname of a person on
the report whom the user may see (:func:`foursight.cases.access.name_match`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from foursight.accounts.models import User
from foursight.cases.access import name_match
from foursight.cases.models import Report

STATUSES = {
    "waiting": "Waiting for a decision",
    "accepted": "Accepted",
    "declined": "Declined",
}
LEVELS = {"high": "High", "medium": "Medium", "standard": "Standard", "none": "Not assessed"}


@dataclass(frozen=True, slots=True)
class StacFilters:
    status: str = ""
    bcu: str = ""
    level: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, query: dict[str, str]) -> StacFilters:
        """Known values only: an unknown choice is treated as no filter."""
        status = query.get("status", "")
        level = query.get("level", "")
        return cls(
            status=status if status in STATUSES else "",
            bcu=query.get("bcu", "").strip().upper()[:10],
            level=level if level in LEVELS else "",
            text=query.get("text", "").strip()[:100],
        )

    def active(self) -> bool:
        return any((self.status, self.bcu, self.level, self.text))


def filter_cases(user: User, rows: QuerySet[Report], filters: StacFilters) -> QuerySet[Report]:
    """``rows`` (annotated with ``latest_level``) narrowed by ``filters``."""
    if filters.status:
        rows = rows.filter(stac_decision="" if filters.status == "waiting" else filters.status)
    if filters.bcu:
        rows = rows.filter(Q(unit__code=filters.bcu) | Q(unit__parent__code=filters.bcu))
    # ``latest_level`` is the overview's annotation (Q: the model has no such field)
    if filters.level == "none":
        rows = rows.filter(Q(latest_level__isnull=True))
    elif filters.level:
        rows = rows.filter(Q(latest_level=filters.level))
    if filters.text:
        rows = rows.filter(Q(reference__icontains=filters.text) | name_match(user, filters.text))
    return rows
