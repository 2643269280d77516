"""Bail conditions in force on a person, for compliance checks and breach work.

A bail's conditions hold from the day it was given until a later step on the same path
ends that bail (released under investigation, no further action, a caution or community
resolution, a charge, a remand, a verdict, a sentence, or another bail that replaces it),
the police bail's answer date passes, or the condition's own end date passes.
"""

from __future__ import annotations

from datetime import date

from foursight.prosecution.models import BailCondition, Step, path_order

ENDS_BAIL = frozenset(
    {
        "bail",
        "court_bail",
        "rui",
        "nfa",
        "caution",
        "community_resolution",
        "charge",
        "remand",
        "verdict",
        "sentence",
    }
)


def conditions_in_force(person_id: int, on: date) -> list[BailCondition]:
    """The bail conditions binding ``person_id`` on ``on``, over every report they are on."""
    steps = (
        Step.objects.filter(party__person_id=person_id, occurred_on__lte=on)
        .prefetch_related("conditions")
        .order_by("party_id", *path_order())
    )
    current: dict[int, Step] = {}
    for step in steps:
        if step.kind in ENDS_BAIL:
            current[step.party_id] = step
    out: list[BailCondition] = []
    for step in current.values():
        if step.kind not in ("bail", "court_bail"):
            continue
        answer = step.data.get("return_on")
        if step.kind == "bail" and answer and date.fromisoformat(answer) < on:
            continue
        out.extend(c for c in step.conditions.all() if c.ends_on is None or c.ends_on >= on)
    return sorted(out, key=lambda c: c.pk)
