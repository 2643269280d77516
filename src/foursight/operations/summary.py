"""Operations as plain dicts: the operation, its targets, and the dashboard figures.

The figures are computed over the targets the user may see (a supervisor's dashboard
counts their BCU's targets only).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from django.db.models import QuerySet

from foursight.accounts.models import User
from foursight.core import reference
from foursight.operations.access import visible_targets
from foursight.operations.models import Operation, RemovedTarget, Target
from foursight.people.access import can_see_person

CATEGORIES = (
    "assault_strangulation",
    "stalking_harassment",
    "breach_of_order",
    "violence",
    "property",
)


def operation_out(op: Operation) -> dict[str, Any]:
    return {
        "id": op.pk,
        "name": op.name,
        "objective": op.objective,
        "starts_on": op.starts_on,
        "ends_on": op.ends_on,
        "units": sorted(u.code for u in op.units.all()),
        "lead": op.lead.username if op.lead else None,
    }


def _path(target: Target) -> tuple[Any, list[Any]]:
    """The target's arrest and charges: the steps on the suspect's path linked to it.

    The path is the one record of an arrest or charge (``prosecution``); the steps come
    prefetched by :func:`targets_of`.
    """
    steps = list(target.path_steps.all())
    arrest = next((s for s in steps if s.kind == "arrest"), None)
    return arrest, [s for s in steps if s.kind == "charge"]


def target_out(user: User, target: Target) -> dict[str, Any]:
    visible = can_see_person(user, target.person)
    arrest, charges = _path(target)
    return {
        "id": target.pk,
        "person_id": target.person_id if visible else None,
        "name": target.person.display_name if visible else "Protected person",
        "bcu": target.bcu.code if target.bcu else None,
        "source": target.source,
        "assigned_to": target.assigned_to.username if target.assigned_to else None,
        "status": target.status,
        "outcome_at": target.outcome_at,
        "outcome_by": target.outcome_by.username if target.outcome_by else None,
        "offences": list(arrest.data["offences"]) if arrest else [],
        "circulation_reference": target.circulation_reference,
        "elimination_reason": target.elimination_reason,
        "notes": target.notes,
        "charges": [
            {
                "id": c.pk,
                "charged_on": c.occurred_on,
                "offences": list(c.data["offences"]),
                "notes": c.data.get("note", ""),
            }
            for c in charges
        ],
    }


def removal_out(user: User, removal: RemovedTarget) -> dict[str, Any]:
    """A target taken off the list, for the operation's history (the API and the page)."""
    visible = can_see_person(user, removal.person)
    return {
        "target_id": removal.target_ref,
        "person_id": removal.person_id if visible else None,
        "name": removal.person.display_name if visible else "Protected person",
        "bcu": removal.bcu.code if removal.bcu else None,
        "status": removal.status,
        "added_at": removal.added_at,
        "removed_at": removal.removed_at,
        "removed_by": removal.removed_by.username if removal.removed_by else None,
        "reason": removal.reason,
    }


def targets_of(user: User, op: Operation) -> QuerySet[Target]:
    return visible_targets(user, op).prefetch_related("path_steps").order_by("id")


def summary(user: User, op: Operation) -> dict[str, Any]:
    """Targets by status, arrests by offence category, charged, by BCU and by day."""
    targets = list(targets_of(user, op))
    categories = reference.offence_categories()
    by_status = Counter(t.status for t in targets)
    by_category: Counter[str] = Counter()
    by_day: Counter[str] = Counter()
    by_bcu: dict[str, Counter[str]] = {}
    charged = 0
    for t in targets:
        by_bcu.setdefault(t.bcu.code if t.bcu else "none", Counter())[t.status] += 1
        arrest, charges = _path(t)
        if arrest is not None:
            for cat in {categories.get(code, "other") for code in arrest.data["offences"]}:
                by_category[cat] += 1
            by_day[arrest.occurred_on.isoformat()] += 1
        if charges:
            charged += 1
    return {
        "operation": operation_out(op),
        "targets": {s: by_status.get(s, 0) for s in Target.Status.values},
        "total": len(targets),
        "arrests_by_category": {
            c: by_category.get(c, 0)
            for c in (*CATEGORIES, *sorted(set(by_category) - set(CATEGORIES)))
        },
        "charged": charged,
        "outstanding": by_status.get(Target.Status.OUTSTANDING, 0),
        "by_bcu": {
            bcu: {s: counts.get(s, 0) for s in Target.Status.values}
            for bcu, counts in sorted(by_bcu.items())
        },
        "arrests_by_day": dict(sorted(by_day.items())),
    }


CSV_FIELDS = (
    "target_id",
    "name",
    "bcu",
    "source",
    "assigned_to",
    "status",
    "outcome_at",
    "offences",
    "circulation_reference",
    "elimination_reason",
    "charged_on",
    "charge_offences",
)


def targets_csv(user: User, op: Operation) -> str:
    """The operation's targets (those the user may see) as CSV, one row per target."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for t in targets_of(user, op):
        row = target_out(user, t)
        charges = row["charges"]
        writer.writerow(
            [
                t.pk,
                _safe(row["name"]),
                row["bcu"] or "",
                row["source"],
                row["assigned_to"] or "",
                row["status"],
                row["outcome_at"].isoformat() if row["outcome_at"] else "",
                " ".join(row["offences"]),
                _safe(row["circulation_reference"]),
                _safe(row["elimination_reason"]),
                " ".join(str(c["charged_on"]) for c in charges),
                " ".join(" ".join(c["offences"]) for c in charges),
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
