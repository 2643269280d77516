"""Occasions another part of the service derives for a report, brought in by the cases app.

The evidence app works out a report's occasions from its phone evidence; only this app
writes them. :func:`replace_derived_occasions` keeps an occasion already on the report,
adds a new one and removes one the source no longer shows, in one transaction with one
audit entry. Occasions from other sources (the victim's statement, officers) are never
touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from foursight.accounts.models import User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Occasion, Report
from foursight.core import reference
from foursight.errors import InvalidInput


@dataclass(frozen=True)
class DerivedOccasion:
    """One occasion as the deriving app sees it: times are aware UTC."""

    started_at: datetime
    ended_at: datetime
    behaviours: tuple[str, ...]
    description: str


def check_derived(source: str, occasions: Sequence[DerivedOccasion]) -> None:
    """The source is a known occasion source and every occasion ends after it starts."""
    sources = reference.code_names(reference.vocabulary("occasion_sources"))
    if source not in sources:
        raise InvalidInput(f"source: unknown occasion source {source!r}", field="source")
    for index, occ in enumerate(occasions):
        if occ.ended_at < occ.started_at:
            raise InvalidInput(
                f"occasions[{index}].ended_at: the occasion ends before it starts",
                field=f"occasions[{index}].ended_at",
            )
        if not occ.behaviours:
            raise InvalidInput(
                f"occasions[{index}].behaviours: name at least one behaviour",
                field=f"occasions[{index}].behaviours",
            )


def replace_derived_occasions(
    actor: User | None, report: Report, source: str, occasions: Sequence[DerivedOccasion]
) -> tuple[int, int]:
    """Make the report's ``source`` occasions those given; return (added, removed).

    Called inside the deriving app's transaction; writes an audit entry only when
    something changed, so re-deriving unchanged evidence leaves the log as it was.
    """
    check_derived(source, occasions)
    wanted = {(o.started_at, o.ended_at): o for o in occasions}
    with transaction.atomic():
        existing = {
            (o.started_at, o.ended_at): o
            for o in Occasion.objects.filter(report=report, source=source)
        }
        stale = [o.pk for key, o in existing.items() if key not in wanted]
        added = [
            Occasion(
                report=report,
                started_at=occ.started_at,
                ended_at=occ.ended_at,
                behaviours=list(occ.behaviours),
                source=source,
                description=occ.description,
            )
            for key, occ in wanted.items()
            if key not in existing
        ]
        if stale:
            Occasion.objects.filter(pk__in=stale).delete()
        Occasion.objects.bulk_create(added)
        if stale or added:
            record(
                actor,
                Verb.OCCASIONS_REPLACED,
                "report",
                report.pk,
                detail={"added": len(added), "removed": len(stale), "source": source},
            )
    return len(added), len(stale)
