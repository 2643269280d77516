"""The path facts the funnel needs, as rows for the insights export (no names).

* ``path_reports``: one row per report with any step on a suspect's path or an operation
  target circulated as wanted: the first arrest, charge, first hearing, trial and verdict
  dates, whether any offence was proved, the court result when none was, the latest
  no-further-action reason (and the victim's withdrawal reason), whether a caution or
  community resolution was given;
* ``arrests``: one row per arrest step and offence category, with whether it was made in
  an operation;
* ``victims``: one row per victim on a report, with an opaque person key, gender and
  whether they were under 18 when the report was made;
* ``phones``: the reports with phone evidence imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pyarrow as pa

from foursight.cases.models import Party
from foursight.core import reference
from foursight.core.path_kinds import CONVICTED

SCHEMAS: dict[str, pa.Schema] = {
    "path_reports": pa.schema(
        [
            ("report_id", pa.int64()),
            ("arrested_on", pa.date32()),
            ("charged_on", pa.date32()),
            ("first_hearing_on", pa.date32()),
            ("trial_on", pa.date32()),
            ("verdict_on", pa.date32()),
            ("convicted", pa.bool_()),
            ("court_result", pa.string()),
            ("nfa_reason", pa.string()),
            ("withdrawal_reason", pa.string()),
            ("out_of_court", pa.bool_()),
            ("circulated", pa.bool_()),
        ]
    ),
    "arrests": pa.schema(
        [
            ("step_id", pa.int64()),
            ("report_id", pa.int64()),
            ("bcu", pa.string()),
            ("arrested_on", pa.date32()),
            ("category", pa.string()),
            ("operational", pa.bool_()),
        ]
    ),
    "victims": pa.schema(
        [
            ("report_id", pa.int64()),
            ("victim_key", pa.int64()),
            ("gender", pa.string()),
            ("under_18", pa.bool_()),
        ]
    ),
    "phones": pa.schema([("report_id", pa.int64())]),
}


def _first(current: date | None, on: date) -> date:
    return on if current is None or on < current else current


def path_reports() -> Iterator[tuple[Any, ...]]:
    from foursight.operations.models import Target
    from foursight.prosecution.models import Step

    facts: dict[int, dict[str, Any]] = {}
    steps = Step.objects.order_by("occurred_on", "id").values_list(
        "report_id", "kind", "occurred_on", "data"
    )
    for report_id, kind, on, data in steps.iterator(chunk_size=5000):
        f = facts.setdefault(report_id, {})
        if kind == "arrest":
            f["arrested_on"] = _first(f.get("arrested_on"), on)
        elif kind == "charge":
            f["charged_on"] = _first(f.get("charged_on"), on)
        elif kind == "hearing" and data.get("kind") == "first":
            f["first_hearing_on"] = _first(f.get("first_hearing_on"), on)
        elif kind == "hearing" and data.get("kind") == "trial":
            f["trial_on"] = _first(f.get("trial_on"), on)
        elif kind == "verdict":
            f["verdict_on"] = _first(f.get("verdict_on"), on)
            results = [r.get("result") for r in data.get("results", [])]
            if any(r in CONVICTED for r in results):
                f["convicted"] = True
            elif results:
                f["court_result"] = results[-1]
        elif kind == "nfa":
            f["nfa_reason"] = data.get("reason")
            f["withdrawal_reason"] = data.get("withdrawal_reason") or ""
        elif kind in ("caution", "community_resolution"):
            f["out_of_court"] = True
    circulated = Target.objects.filter(
        status=Target.Status.CIRCULATED, report__isnull=False
    ).values_list("report_id", flat=True)
    for report_id in circulated:
        facts.setdefault(report_id, {})["circulated"] = True
    for report_id, f in sorted(facts.items()):
        convicted = bool(f.get("convicted"))
        yield (
            report_id,
            f.get("arrested_on"),
            f.get("charged_on"),
            f.get("first_hearing_on"),
            f.get("trial_on"),
            f.get("verdict_on"),
            convicted,
            None if convicted else f.get("court_result"),
            f.get("nfa_reason"),
            f.get("withdrawal_reason", ""),
            bool(f.get("out_of_court")),
            bool(f.get("circulated")),
        )


def arrests(bcu: dict[int, str]) -> Iterator[tuple[Any, ...]]:
    from foursight.prosecution.models import Step

    categories = reference.offence_categories()
    rows = Step.objects.filter(kind="arrest").values_list(
        "pk", "report_id", "report__unit_id", "occurred_on", "data", "operation_target_id"
    )
    for pk, report_id, unit, on, data, target in rows.iterator(chunk_size=5000):
        for category in sorted({categories.get(c, "other") for c in data.get("offences", [])}):
            yield pk, report_id, bcu.get(unit, ""), on, category, target is not None


def victims() -> Iterator[tuple[Any, ...]]:
    rows = Party.objects.filter(role=Party.Role.VICTIM).values_list(
        "report_id",
        "person_id",
        "person__gender",
        "person__birth_year",
        "person__birth_month",
        "report__reported_at",
    )
    for report_id, person_id, gender, year, month, reported_at in rows.iterator(chunk_size=5000):
        under_18 = None
        if year is not None:
            # with only a year (or a month) known, the latest birthday it allows
            born = date(year, month or 12, 28 if month else 31)
            at = reported_at.date()
            under_18 = (at.year - born.year - ((at.month, at.day) < (born.month, born.day))) < 18
        yield report_id, person_id, gender or "unknown", under_18


def phones() -> Iterator[tuple[Any, ...]]:
    from foursight.evidence.models import Exhibit

    reports = (
        Exhibit.objects.filter(status=Exhibit.Status.IMPORTED)
        .values_list("report_id", flat=True)
        .distinct()
    )
    for report_id in reports:
        yield (report_id,)
