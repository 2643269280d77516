"""The :class:`Instrument`: one versioned question set with its scoring rule, as data."""

from __future__ import annotations

from dataclasses import dataclass

from foursight.core.instruments.conditions import Outcome, PromptRule, TriggerRule
from foursight.core.instruments.model import Band, Level, Question, ScoringRule, Section


@dataclass(frozen=True, slots=True)
class Instrument:
    """A risk instrument: ids, paraphrased topics, scoring rule, bands, prompts and triggers.

    ``version`` is the version of this definition (bumped whenever ids, topics, bands or
    rules change) and is recorded with every result; ``edition`` is the owner's edition
    of the form it follows (e.g. DASH 2009). ``licence`` says who owns the instrument and
    what Foursight may ship. Question wording is never part of an instrument: a force
    loads its licensed wording with :func:`~foursight.core.instruments.load_wording`.
    """

    id: str
    version: str
    name: str
    edition: str
    licence: str
    note: str
    sources: tuple[str, ...]
    rule: ScoringRule
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    bands: tuple[Band, ...] = ()
    marac: bool = False
    requires_licensed_assessor: bool = False
    outcomes: tuple[Outcome, ...] = ()
    prompts: tuple[PromptRule, ...] = ()
    triggers: tuple[TriggerRule, ...] = ()

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Question ids in form order."""
        return tuple(q.id for q in self.questions)

    @property
    def has_levels(self) -> bool:
        """Whether results carry a standard / medium / high level (count_yes and spj)."""
        return self.rule in (ScoringRule.COUNT_YES, ScoringRule.SPJ)

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels a result may take, lowest first (empty for screens and results)."""
        return tuple(Level) if self.has_levels else ()

    def question(self, question_id: str) -> Question:
        """The question with ``question_id``; ``KeyError`` if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def to_dict(self) -> dict[str, object]:
        """JSON shape for ``GET /api/v1/instruments``.

        ``{"id", "version", "name", "edition", "licence", "note", "sources", "rule",
        "levels", "bands", "marac", "requires_licensed_assessor", "sections": [{"id",
        "title"}], "questions": [{"id", "number", "section", "topic", "answer_type",
        "options", "required"}], "outcomes": [{"id", "label"}], "triggers": [ids]}``,
        with questions in form order.
        """
        return {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "edition": self.edition,
            "licence": self.licence,
            "note": self.note,
            "sources": list(self.sources),
            "rule": self.rule.value,
            "levels": [level.value for level in self.levels],
            "bands": [band.to_dict() for band in self.bands],
            "marac": self.marac,
            "requires_licensed_assessor": self.requires_licensed_assessor,
            "sections": [section.to_dict() for section in self.sections],
            "questions": [question.to_dict() for question in self.questions],
            "outcomes": [{"id": o.id, "label": o.label} for o in self.outcomes],
            "triggers": sorted({t.instrument for t in self.triggers}),
        }
