"""Harassment that looks like stalking: the rule that flags a report for a supervisor.

Stalking is often recorded as harassment, and then investigated, risk-assessed and
counted as the lesser offence. A report is flagged for review as stalking when it is
recorded as harassment (a harassment offence and no stalking offence) and either

- the conduct analysis of its evidence shows the FOUR pattern: repeated (a course of
  conduct, at least two occasions) and unwanted, and fixated or obsessive; or
- a FOUR screen of the report found ``stalking_indicated``.

The result is a prompt with its reasons, never a decision: the supervisor reviews the
report and re-records it (or not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from foursight.core import reference


@dataclass(frozen=True, slots=True)
class StalkingReview:
    """Why a harassment report should be reviewed as stalking (one line per source)."""

    reasons: tuple[str, ...]


def _codes_with(ho_classes: frozenset[str]) -> frozenset[str]:
    return frozenset(e.code for e in reference.offence_entries() if e.ho_class in ho_classes)


def harassment_codes() -> frozenset[str]:
    """Offence codes that record harassment (HOCR 8L, 8M) but not stalking."""
    return _codes_with(frozenset({"8L", "8M"})) - stalking_codes()


def stalking_codes() -> frozenset[str]:
    """Offence codes that already record stalking (HOCR 8Q and the aggravated form)."""
    return _codes_with(frozenset({"8Q"})) | frozenset(
        e.code
        for e in reference.offence_entries()
        if e.category == "stalking_harassment" and "stalking" in e.name.lower()
    )


def recorded_as_harassment(offences: Iterable[str]) -> bool:
    codes = set(offences)
    return bool(codes & harassment_codes()) and not codes & stalking_codes()


def _conduct_reason(four: Mapping[str, Any]) -> str | None:
    def letter(name: str) -> Mapping[str, Any]:
        value = four.get(name)
        return value if isinstance(value, Mapping) else {}

    def on(name: str) -> bool:
        return bool(letter(name).get("indicated"))

    if not (on("repeated") and on("unwanted") and (on("fixated") or on("obsessive"))):
        return None
    shown = []
    for name in ("fixated", "obsessive", "unwanted", "repeated"):
        if not on(name):
            continue
        indicators = letter(name).get("indicators") or {}
        present = [f"{k.replace('_', ' ')} {v}" for k, v in indicators.items() if v]
        shown.append(f"{name} ({', '.join(present)})" if present else name)
    return "Conduct analysis of the evidence shows FOUR: " + "; ".join(shown)


def stalking_review(
    offences: Iterable[str],
    conduct_four: Mapping[str, Any] | None,
    screens: Iterable[tuple[str, Mapping[str, Any]]] = (),
) -> StalkingReview | None:
    """The review a harassment report needs, or ``None``.

    ``conduct_four`` is the ``four`` block of the report's conduct analysis (or ``None``);
    ``screens`` are the report's FOUR screens as ``(label, outcomes)``, for example
    ``("FOUR screen of 2026-03-04 by pc_jones", {"stalking_indicated": True})``.

    >>> stalking_review(["8L"], None, [("FOUR screen", {"stalking_indicated": True})])
    StalkingReview(reasons=('FOUR screen: stalking indicated',))
    >>> stalking_review(["8Q"], None, [("FOUR screen", {"stalking_indicated": True})]) is None
    True
    """
    if not recorded_as_harassment(offences):
        return None
    reasons = []
    if conduct_four:
        reason = _conduct_reason(conduct_four)
        if reason:
            reasons.append(reason)
    for label, outcomes in screens:
        if outcomes.get("stalking_indicated"):
            reasons.append(f"{label}: stalking indicated")
    return StalkingReview(tuple(reasons)) if reasons else None
