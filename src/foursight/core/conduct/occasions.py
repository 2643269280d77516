"""Occasions and the course-of-conduct test (Protection from Harassment Act 1997 s.7).

An *occasion* is a session of contact: the in-scope contacts taken in time order, with a
new occasion starting whenever more than ``occasion_gap`` (default two hours) has passed
since the previous contact. Identifiers attributed to the suspect are one person, so a call
from one number and a text from another five minutes later are one occasion; a burst that
runs past midnight stays one occasion. s.7(3)(a) asks for conduct on at least two
occasions in relation to one person; the output says whether the evidence holds at least
two occasions and shows their dates and the gaps between them, because the fewer and more
widely spaced the occasions, the less likely a court is to find a course of conduct (Lau v
DPP). It never says that the test is met in law.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from statistics import median
from typing import Any

from foursight.core.conduct.model import ConductConfig, Contact, ordered, utc
from foursight.core.conduct.result import ConductOccasion

TEST = "PHA 1997 s.7(3)(a): conduct on at least two occasions in relation to one person"


def group_occasions(contacts: Sequence[Contact], config: ConductConfig) -> list[list[Contact]]:
    """Split in-scope contacts into occasions (see the module docstring)."""
    groups: list[list[Contact]] = []
    for contact in ordered(c for c in contacts if c.in_scope and c.is_contact):
        if groups and contact.ts - groups[-1][-1].ts <= config.occasion_gap:
            groups[-1].append(contact)
        else:
            groups.append([contact])
    return groups


def occasion_rows(groups: Sequence[Sequence[Contact]]) -> tuple[ConductOccasion, ...]:
    """The occasions, numbered from 1 in time order."""
    return tuple(
        ConductOccasion(
            index=i,
            start=group[0].ts.astimezone(UTC),
            end=group[-1].ts.astimezone(UTC),
            local_date=group[0].day,
            events=len(group),
            identifiers=tuple(sorted({c.key for c in group})),
            channels=tuple(sorted({c.event.channel.value for c in group})),
            event_ids=tuple(c.id for c in group),
        )
        for i, group in enumerate(groups, start=1)
    )


def course_of_conduct(groups: Sequence[Sequence[Contact]]) -> dict[str, Any]:
    """Whether the evidence holds at least two occasions, with the spacing between them."""
    gaps = [
        (groups[i][0].ts - groups[i - 1][-1].ts).total_seconds() / 86400
        for i in range(1, len(groups))
    ]
    return {
        "test": TEST,
        "occasions": len(groups),
        "at_least_two_occasions": len(groups) >= 2,
        "first": utc(groups[0][0].ts) if groups else None,
        "last": utc(groups[-1][-1].ts) if groups else None,
        "span_days": round((groups[-1][-1].ts - groups[0][0].ts).total_seconds() / 86400, 4)
        if groups
        else 0.0,
        "longest_gap_days": round(max(gaps), 4) if gaps else None,
        "median_gap_days": round(median(gaps), 4) if gaps else None,
    }
