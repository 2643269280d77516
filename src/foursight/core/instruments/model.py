"""The building blocks of an instrument: levels, bands, answer types, sections, questions.

These are plain frozen values parsed from the definition files; they carry ids and
paraphrased topic labels only, never an owner's question wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """A risk level, in rising order of concern."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for standard, 1 for medium, 2 for high: compare levels by rank."""
        return _RANK[self]


_RANK = {Level.STANDARD: 0, Level.MEDIUM: 1, Level.HIGH: 2}


class ScoringRule(StrEnum):
    """How an instrument turns answers into a result.

    ``count_yes``: score = number of "yes"; the level comes from bands; judgement may raise it.
    ``spj``: structured professional judgement; the judged level with a rationale is the result.
    ``screen``: a screen with named outcomes (FOUR); no level.
    ``results_only``: a licensed assessor records the results of a proprietary tool (SRP, SAM).
    """

    COUNT_YES = "count_yes"
    SPJ = "spj"
    SCREEN = "screen"
    RESULTS_ONLY = "results_only"


YES = "yes"
NO = "no"
DONT_KNOW = "dont_know"
YES_NO_DONT_KNOW = (YES, NO, DONT_KNOW)


@dataclass(frozen=True, slots=True)
class Band:
    """Scores ``minimum`` to ``maximum`` inclusive (``None`` = no upper bound) give ``level``."""

    level: Level
    minimum: int
    maximum: int | None = None

    def contains(self, score: int) -> bool:
        """Whether ``score`` falls in this band."""
        return score >= self.minimum and (self.maximum is None or score <= self.maximum)

    def to_dict(self) -> dict[str, object]:
        """JSON shape: ``{"level", "min", "max"}`` (``max`` is null for an open band)."""
        return {"level": self.level.value, "min": self.minimum, "max": self.maximum}


def check_bands(bands: tuple[Band, ...]) -> str | None:
    """Return what is wrong with ``bands``, or ``None`` when they are usable.

    Usable bands start at 0, are contiguous, rise strictly in level, and end with an open
    "high" band (its lower bound is the visible-high-risk threshold).
    """
    if not bands:
        return "at least one band is needed"
    expected = 0
    for index, band in enumerate(bands):
        if band.minimum != expected:
            return f"band {index + 1} ({band.level}) must start at {expected}"
        if index > 0 and band.level.rank <= bands[index - 1].level.rank:
            return f"band {index + 1} ({band.level}) must be a higher level than the one before"
        last = index == len(bands) - 1
        if band.maximum is None:
            if not last:
                return f"only the last band may be open-ended, not band {index + 1}"
        else:
            if last:
                return "the last band must be open-ended (no maximum)"
            if band.maximum < band.minimum:
                return f"band {index + 1} ({band.level}) ends before it starts"
            expected = band.maximum + 1
    if bands[-1].level is not Level.HIGH:
        return "the last band must be 'high'"
    return None


def band_for(bands: tuple[Band, ...], score: int) -> Level:
    """The level of the band holding ``score`` (bands already checked by :func:`check_bands`)."""
    for band in bands:
        if band.contains(score):
            return band.level
    raise ValueError(f"no band holds {score}")  # unreachable for checked bands


@dataclass(frozen=True, slots=True)
class AnswerType:
    """A named set of allowed answer values, e.g. ``yes_no_dont_know`` or ``rating``."""

    id: str
    options: tuple[str, ...]

    @property
    def is_yes_no(self) -> bool:
        """Whether answers of this type are counted as yes / no / don't know."""
        return self.options == YES_NO_DONT_KNOW


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of questions (e.g. DASH "Current situation")."""

    id: str
    title: str

    def to_dict(self) -> dict[str, object]:
        """JSON shape: ``{"id", "title"}``."""
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True, slots=True)
class Question:
    """One item: a stable id, its section, a paraphrased topic label and its answer type.

    ``number`` is the item's number on the owner's form (DASH Q8 is ``number=8``) so that
    officers can match the screen to their paper form.
    """

    id: str
    number: int
    section: str
    topic: str
    answer_type: AnswerType
    required: bool = True

    def to_dict(self) -> dict[str, object]:
        """JSON shape: ``{"id", "number", "section", "topic", "answer_type", "options",
        "required"}``."""
        return {
            "id": self.id,
            "number": self.number,
            "section": self.section,
            "topic": self.topic,
            "answer_type": self.answer_type.id,
            "options": list(self.answer_type.options),
            "required": self.required,
        }
