"""The share of offences committed by repeat offenders, by month and BCU (aggregates only).

An offence is by a repeat offender when a suspect of its report is linked to an offender
with reports on at least two reports (as of the latest link run). Counts below
``SMALL_NUMBER_THRESHOLD`` are suppressed and the others rounded to its base
(:mod:`foursight.core.disclosure`); a share is computed from the released counts only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count

from foursight.accounts.models import Unit
from foursight.cases.models import Report
from foursight.core import disclosure
from foursight.offenders.models import LinkRun, Mention


def _cell(counts: list[int], limit: int) -> dict[str, Any]:
    total, repeat = (disclosure.release(n, limit) for n in counts)
    rate = disclosure.released_rate(repeat, total, limit)
    return {
        "offences": f"<{limit}" if total is None else total,
        "repeat": f"<{limit}" if repeat is None else repeat,
        "share": None if rate is None else round(100 * rate, 1),
        "suppressed": total is None or repeat is None,
    }


def repeat_share(months: int = 12, now: datetime | None = None) -> dict[str, Any]:
    """Offences and repeat-offender offences per month and BCU over the last ``months``."""
    limit = settings.SMALL_NUMBER_THRESHOLD
    since = (now or datetime.now(UTC)) - timedelta(days=31 * months)
    repeat_reports = set(
        Mention.objects.filter(offender__active=True, offender__report_count__gte=2).values_list(
            "report_id", flat=True
        )
    )
    reports = (
        Report.objects.filter(reported_at__gte=since)
        .select_related("unit__parent")
        .annotate(n=Count("offences"))
    )
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for report in reports:
        unit = report.unit
        bcu = unit if unit.kind == Unit.Kind.BCU else unit.parent
        month = report.reported_at.astimezone(UTC).strftime("%Y-%m")
        for key in ((month, bcu.code if bcu else "?"), (month, "force")):
            totals[key][0] += report.n
            if report.pk in repeat_reports:
                totals[key][1] += report.n
    bcus = list(
        Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code").values_list("code", flat=True)
    )
    month_keys = sorted({m for m, _ in totals})
    rows = [
        {
            "month": m,
            "force": _cell(totals.get((m, "force"), [0, 0]), limit),
            "bcus": {b: _cell(totals.get((m, b), [0, 0]), limit) for b in bcus},
        }
        for m in month_keys
    ]
    run = LinkRun.objects.first()
    return {
        "threshold": limit,
        "bcus": bcus,
        "months": rows,
        "link_run": run.pk if run else None,
        "linked_at": run.finished_at if run else None,
    }
