"""Possible matches for a report's suspects, scored at once against every linked mention.

The core's :class:`~foursight.core.linkage.MentionIndex` holds every mention of the
latest link run with the model that run used; it is built once per process and rebuilt
when a newer run exists. A suspect recorded after that run is scored against it as the
report is opened (about half a second at a million mentions); the next link run gives
it its identity.

Scoring is a pure function of the run's index and the suspect's recorded fields, so each
result is kept (up to ``_MAX_RESULTS`` per process, least recently used dropped) until a
newer run replaces the index: a report opened again does not score again. Scoring runs
under one lock (the index's DuckDB connection is not shared between threads), so without
the cache every concurrent report page queued behind it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from foursight.cases.models import Party, Report
from foursight.core.linkage import CandidateMatch, MentionIndex, ModelParams
from foursight.offenders.mentions import clean_table, mention_id, raw_fields
from foursight.offenders.models import LinkRun, Mention

_MAX_RESULTS = 4096


@dataclass
class _Cached:
    key: tuple[int, int, str] | None = None
    index: MentionIndex | None = None
    #: (record, threshold, limit) -> candidates, for the index under ``key`` only.
    results: OrderedDict[tuple[str, float, int], list[CandidateMatch]] = field(
        default_factory=OrderedDict
    )


_lock = threading.Lock()
_cache = _Cached()


def _index(run: LinkRun) -> MentionIndex:
    """The index for ``run`` (call with the lock held)."""
    key = (run.pk, run.model_id, run.finished_at.isoformat())
    if _cache.key != key or _cache.index is None:
        if _cache.index is not None:
            _cache.index.close()
            _cache.index = None
        _cache.results.clear()
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
        _cache.results.clear()


def _match(run: LinkRun, record: dict[str, Any], limit: int) -> list[CandidateMatch]:
    """Score ``record`` against the run's index, or reuse the result (call with the lock held)."""
    index = _index(run)
    threshold = float(settings.REVIEW_THRESHOLD)
    key = (json.dumps(record, sort_keys=True, default=str), threshold, limit)
    found = _cache.results.get(key)
    if found is None:
        found = index.match(record, threshold=threshold, limit=limit)
        _cache.results[key] = found
        if len(_cache.results) > _MAX_RESULTS:
            _cache.results.popitem(last=False)
    else:
        _cache.results.move_to_end(key)
    return found


def candidates_for(party: Party, *, limit: int = 10) -> list[CandidateMatch]:
    """Existing mentions on other reports that may be the same person as ``party``."""
    return candidates_for_parties([party], limit=limit)[party.pk]


def candidates_for_parties(
    parties: list[Party], *, limit: int = 10
) -> dict[int, list[CandidateMatch]]:
    """:func:`candidates_for` of each party (by party id), with one run and one mention query."""
    run = LinkRun.objects.select_related("model").first()
    if run is None or not parties:
        return {party.pk: [] for party in parties}
    on_reports: dict[int, set[str]] = {}
    for report_id, mention in Mention.objects.filter(
        report_id__in={party.report_id for party in parties}
    ).values_list("report_id", "mention_id"):
        on_reports.setdefault(report_id, set()).add(mention)
    out = {}
    for party in parties:
        own = on_reports.get(party.report_id, set()) | {mention_id(party)}
        record: dict[str, Any] = {"mention_id": "__new__", **raw_fields(party.person)}
        with _lock:
            found = _match(run, record, limit + len(own))
        out[party.pk] = [c for c in found if c.mention_id not in own][:limit]
    return out


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
