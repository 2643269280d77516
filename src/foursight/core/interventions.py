"""Perpetrator interventions: the rules for their status and MAPPA details, without Django.

An intervention is a referral of a suspect to a behaviour-change programme, to MAPPA or
to probation. Its status moves forward through ``offered``, ``accepted``, ``started`` and
``completed``; ``dropped_out`` can follow any open status. Skipping a step forward is
allowed (a programme may record the start without a separate acceptance). Going back, or
reopening a completed or dropped-out intervention, needs a reason, so the history never
silently loses a step. Each status has the date it happened; dates never go backwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from foursight.errors import InvalidInput

KINDS = {
    "behaviour_change": "Behaviour-change programme",
    "mappa": "MAPPA",
    "probation": "Probation",
}
STATUSES = {
    "offered": "Offered",
    "accepted": "Accepted",
    "started": "Started",
    "completed": "Completed",
    "dropped_out": "Dropped out",
}
_RANK = {"offered": 0, "accepted": 1, "started": 2, "completed": 3, "dropped_out": 3}
CLOSED = frozenset({"completed", "dropped_out"})
MAPPA_RANGE = range(1, 4)


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A proposed status: what it is, when it happened and, if it goes back, why."""

    status: str
    on: date
    reason: str = ""


def is_backwards(current: str, new: str) -> bool:
    """Whether moving from ``current`` to ``new`` goes back or reopens a closed intervention."""
    if current in CLOSED:
        return True
    return _RANK[new] < _RANK[current]


def check_status(
    current: str | None, last_on: date | None, change: StatusChange, today: date
) -> None:
    """Raise ``InvalidInput`` naming the field if ``change`` may not follow ``current``.

    ``current`` is ``None`` for a new intervention, whose first status may be any open one.

    >>> from datetime import date
    >>> check_status("started", date(2026, 1, 5), StatusChange("completed", date(2026, 3, 1)),
    ...              date(2026, 3, 2))
    """
    if change.status not in STATUSES:
        raise InvalidInput(
            f"status: unknown status {change.status!r}; expected one of {', '.join(STATUSES)}",
            field="status",
        )
    if change.on > today:
        raise InvalidInput("on: a status cannot be dated in the future", field="on")
    if current is None:
        return
    if last_on is not None and change.on < last_on:
        raise InvalidInput(
            f"on: {change.on.isoformat()} is before the previous status "
            f"({STATUSES[current].lower()} on {last_on.isoformat()})",
            field="on",
        )
    if change.status == current:
        raise InvalidInput(f"status: the intervention is already {change.status}", field="status")
    if is_backwards(current, change.status) and not change.reason.strip():
        raise InvalidInput(
            f"reason: going from {STATUSES[current].lower()} back to "
            f"{STATUSES[change.status].lower()} needs a reason",
            field="reason",
        )


def check_mappa(
    kind: str, category: int | None, level: int | None, review_on: date | None, since: date
) -> None:
    """MAPPA needs a category and a level (1 to 3); other kinds have neither.

    ``review_on``, when given, is the next MAPPA review and cannot precede ``since``.
    """
    if kind not in KINDS:
        raise InvalidInput(
            f"kind: unknown kind {kind!r}; expected one of {', '.join(KINDS)}", field="kind"
        )
    if kind == "mappa":
        for field, value in (("mappa_category", category), ("mappa_level", level)):
            if value not in MAPPA_RANGE:
                raise InvalidInput(f"{field}: MAPPA needs 1, 2 or 3", field=field)
    else:
        for field, value in (("mappa_category", category), ("mappa_level", level)):
            if value is not None:
                raise InvalidInput(f"{field}: only a MAPPA referral has one", field=field)
    if review_on is not None and review_on < since:
        raise InvalidInput(
            f"review_on: {review_on.isoformat()} is before {since.isoformat()}", field="review_on"
        )
