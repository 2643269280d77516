"""Possible matches for a report's suspects, scored at once against every linked mention.

The core's :class:`~foursight.core.linkage.MentionIndex` holds every mention of the
latest link run with the model that run used; it is built once per process and rebuilt
when a newer run exists. A suspect recorded after that run is scored against it as the
report is opened (about half a second at a million mentions); the next link run gives
it its identity.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from foursight.cases.models import Party, Report
from foursight.core.linkage import CandidateMatch, MentionIndex, ModelParams
from foursight.offenders.mentions import clean_table, mention_id, raw_fields
from foursight.offenders.models import LinkRun, Mention


@dataclass
class _Cached:
    key: tuple[int, int, str] | None = None
    index: MentionIndex | None = None


_lock = threading.Lock()
_cache = _Cached()


def _index(run: LinkRun) -> MentionIndex:
    """The index for ``run`` (call with the lock held)."""
    key = (run.pk, run.model_id, run.finished_at.isoformat())
    if _cache.key != key or _cache.index is None:
        if _cache.index is not None:
            _cache.index.close()
            _cache.index = None
        rows = Mention.objects.filter(offender__isnull=False).values_list(
            "mention_id", "clean", "offender__code"
        )
        listed = list(rows)
        table = clean_table((m, c) for m, c, _ in listed)
        persons = {m: code for m, _, code in listed}
        params = ModelParams.from_json(run.model.params)
        _cache.index = MentionIndex(table, params, persons=persons)
        _cache.key = key
    return _cache.index


def reset_index() -> None:
    """Drop the cached index (tests, and after a database is replaced)."""
    with _lock:
        if _cache.index is not None:
            _cache.index.close()
        _cache.key, _cache.index = None, None


def candidates_for(party: Party, *, limit: int = 10) -> list[CandidateMatch]:
    """Existing mentions on other reports that may be the same person as ``party``."""
    run = LinkRun.objects.select_related("model").first()
    if run is None:
        return []
    own = set(
        Mention.objects.filter(report_id=party.report_id).values_list("mention_id", flat=True)
    )
    own.add(mention_id(party))
    record: dict[str, Any] = {"mention_id": "__new__", **raw_fields(party.person)}
    with _lock:
        found = _index(run).match(
            record, threshold=settings.REVIEW_THRESHOLD, limit=limit + len(own)
        )
    return [c for c in found if c.mention_id not in own][:limit]


def candidates_for_fields(
    fields: dict[str, str | None], *, limit: int = 10
) -> list[CandidateMatch]:
    """Linked mentions that may be the person described by raw linkage ``fields``
    (first_name, surname, dob, phone, email, handle, postcode), for a mention that is not a
    report's suspect: for example what anonymous information says about someone."""
    run = LinkRun.objects.select_related("model").first()
    if run is None or not any(fields.values()):
        return []
    record: dict[str, Any] = {"mention_id": "__new__", **fields}
    with _lock:
        return list(_index(run).match(record, threshold=settings.REVIEW_THRESHOLD, limit=limit))


def suspects(report: Report) -> list[Party]:
    return list(
        report.parties.filter(role=Party.Role.SUSPECT)
        .select_related("person")
        .prefetch_related("person__identifiers")
        .order_by("pk")
    )
