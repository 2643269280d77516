"""Score answers against an instrument: counts, level, judgement, MARAC, prompts, triggers.

One generic engine serves every instrument; what differs lives in the definition files.
The order is fixed: check the answers, count them, apply the scoring rule (bands and
judgement), evaluate the named outcomes, decide MARAC, then prompts and triggers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from foursight.core.instruments import _json
from foursight.core.instruments.conditions import Facts, holds
from foursight.core.instruments.context import Judgement, ScoringConfig, ScoringContext
from foursight.core.instruments.instrument import Instrument
from foursight.core.instruments.loader import get_instrument
from foursight.core.instruments.marac import MaracCriterion, marac_criteria
from foursight.core.instruments.model import (
    DONT_KNOW,
    NO,
    YES,
    Band,
    Level,
    ScoringRule,
    band_for,
    check_bands,
)
from foursight.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Prompt:
    """Advice for the officer: a stable id and the project's own text."""

    id: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """JSON shape: ``{"id", "text"}``."""
        return {"id": self.id, "text": self.text}


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """The result of scoring one completed instrument.

    - ``score``: the number of "yes" answers (``None`` when the instrument has no yes/no
      questions, as for DARA, SRP and SAM).
    - ``level``: the final level: for DASH the counted level or the judged one if higher;
      for S-DASH and DARA the judged level; ``None`` for screens and results-only tools.
    - ``actuarial_level``: the level from the count alone (DASH); ``judged_level``: the
      level the judgement gave; ``raised_by_judgement``: the judgement raised the level.
    - ``marac_referral`` and ``criteria``: MARAC criteria met (see ``marac_criteria``).
    - ``triggers``: ids of instruments now recommended (e.g. ``"sdash"``).
    - ``prompts``: advice to show, in definition order, trigger prompts last.
    - ``counts``: ``{"yes", "no", "dont_know", "unanswered"}`` over yes/no questions.
    - ``outcomes``: named findings of a screen (FOUR ``stalking_indicated``...).
    - ``answers``: the answers as scored, in form order.
    """

    instrument: str
    version: str
    rule: ScoringRule
    score: int | None
    level: Level | None
    actuarial_level: Level | None
    judged_level: Level | None
    raised_by_judgement: bool
    rationale: str | None
    marac_referral: bool
    criteria: tuple[MaracCriterion, ...]
    triggers: tuple[str, ...]
    prompts: tuple[Prompt, ...]
    counts: Mapping[str, int]
    outcomes: Mapping[str, bool]
    answers: Mapping[str, str]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready shape with the same keys; enums as strings, tuples as lists."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "rule": self.rule.value,
            "score": self.score,
            "level": None if self.level is None else self.level.value,
            "actuarial_level": None if self.actuarial_level is None else self.actuarial_level.value,
            "judged_level": None if self.judged_level is None else self.judged_level.value,
            "raised_by_judgement": self.raised_by_judgement,
            "rationale": self.rationale,
            "marac_referral": self.marac_referral,
            "criteria": [criterion.value for criterion in self.criteria],
            "triggers": list(self.triggers),
            "prompts": [prompt.to_dict() for prompt in self.prompts],
            "counts": dict(self.counts),
            "outcomes": dict(self.outcomes),
            "answers": dict(self.answers),
        }


def score(
    instrument_id: str,
    answers: Mapping[str, str],
    judgement: Judgement | None = None,
    context: ScoringContext | None = None,
    *,
    config: ScoringConfig | None = None,
) -> ScoreResult:
    """Score ``answers`` (question id -> answer) for the shipped instrument ``instrument_id``.

    Raises ``NotFound`` for an unknown instrument and ``InvalidInput`` (naming the field)
    for unknown question ids, answers outside the question's options, missing required
    answers, a missing or blank rationale, a judgement where none is taken, a missing
    judgement where one is required, or a judgement that would lower a DASH level.

    >>> answers = {f"q{n}": "yes" if n <= 14 else "no" for n in range(1, 28)}
    >>> result = score("dash", answers)
    >>> result.score, result.level.value, result.marac_referral
    (14, 'high', True)
    """
    return score_instrument(
        get_instrument(instrument_id), answers, judgement, context, config=config
    )


def score_request(
    instrument_id: str, payload: object, *, config: ScoringConfig | None = None
) -> ScoreResult:
    """Score a JSON request body ``{"answers": {...}, "judgement": {...}|null, "context": {...}}``.

    The shape of ``POST /api/v1/instruments/{id}/score``; only ``answers`` is required.
    """
    body = _json.obj(payload, "body", allowed=frozenset({"answers", "judgement", "context"}))
    answers: dict[str, str] = {}
    for key, value in _json.obj(body.get("answers"), "answers").items():
        if not isinstance(value, str):
            raise InvalidInput(f"The answer to {key} must be text.", field=f"answers.{key}")
        answers[key] = value
    raw_judgement = body.get("judgement")
    judgement = None if raw_judgement is None else Judgement.from_dict(raw_judgement)
    raw_context = body.get("context")
    context = None if raw_context is None else ScoringContext.from_dict(raw_context)
    return score(instrument_id, answers, judgement, context, config=config)


def score_instrument(
    instrument: Instrument,
    answers: Mapping[str, str],
    judgement: Judgement | None = None,
    context: ScoringContext | None = None,
    *,
    config: ScoringConfig | None = None,
) -> ScoreResult:
    """Like :func:`score`, for an :class:`Instrument` value (e.g. a force's own definition)."""
    ctx = context or ScoringContext()
    cfg = config or ScoringConfig()
    checked = _check_answers(instrument, answers)
    if instrument.requires_licensed_assessor and not ctx.licensed_assessor:
        raise InvalidInput(
            f"{instrument.name} results may only be recorded by a licensed assessor.",
            field="context.licensed_assessor",
        )
    counts = _counts(instrument, checked)
    has_yes_no = any(q.answer_type.is_yes_no for q in instrument.questions)
    total = counts[YES] if has_yes_no else None
    bands = _bands(instrument, cfg)
    actuarial = band_for(bands, counts[YES]) if bands else None
    judged = _check_judgement(instrument, judgement, actuarial, counts[YES])
    level = _final_level(actuarial, judged)
    facts = Facts(
        answers=checked,
        questions={q.id: q for q in instrument.questions},
        numbers={"occasions": ctx.occasions, "dated_occasions": len(ctx.occasion_dates)},
        flags={"victim_very_frightened": ctx.victim_very_frightened},
        level=level,
    )
    outcomes: dict[str, bool] = {}
    for outcome in instrument.outcomes:
        facts = replace(facts, outcomes=dict(outcomes))
        outcomes[outcome.id] = holds(outcome.when, facts)
    criteria: list[MaracCriterion] = []
    if instrument.marac:
        criteria = marac_criteria(
            visible_high_risk=actuarial is Level.HIGH,
            professional_judgement=level is Level.HIGH and actuarial is not Level.HIGH,
            occasion_dates=ctx.occasion_dates,
            last_marac=ctx.last_marac,
            as_of=ctx.as_of,
            config=cfg.marac,
        )
    facts = replace(facts, outcomes=dict(outcomes), marac_referral=bool(criteria))
    prompts = [Prompt(p.id, p.text) for p in instrument.prompts if holds(p.when, facts)]
    triggers: list[str] = []
    for trigger in instrument.triggers:
        if trigger.instrument not in triggers and holds(trigger.when, facts):
            triggers.append(trigger.instrument)
            prompts.append(Prompt(f"complete_{trigger.instrument}", trigger.text))
    return ScoreResult(
        instrument=instrument.id,
        version=instrument.version,
        rule=instrument.rule,
        score=total,
        level=level,
        actuarial_level=actuarial,
        judged_level=judged,
        raised_by_judgement=judged is not None
        and actuarial is not None
        and judged.rank > actuarial.rank,
        rationale=None if judgement is None else judgement.rationale.strip(),
        marac_referral=bool(criteria),
        criteria=tuple(criteria),
        triggers=tuple(triggers),
        prompts=tuple(prompts),
        counts=counts,
        outcomes=outcomes,
        answers=checked,
    )


def _names(ids: list[str]) -> str:
    return ", ".join(ids)


def _check_answers(instrument: Instrument, answers: Mapping[str, str]) -> dict[str, str]:
    """Refuse unknown ids, values outside the options and missing required answers."""
    given = _json.obj(answers, "answers")
    known = set(instrument.question_ids)
    unknown = [key for key in given if key not in known]
    if unknown:
        raise InvalidInput(
            f"Unknown question id(s) for {instrument.id}: {_names(unknown)}.",
            field=f"answers.{unknown[0]}",
        )
    for question in instrument.questions:
        value = given.get(question.id)
        if value is not None and value not in question.answer_type.options:
            options = _names(list(question.answer_type.options))
            raise InvalidInput(
                f"The answer to {instrument.id} {question.id} must be one of {options}, "
                f"not {value!r}.",
                field=f"answers.{question.id}",
            )
    missing = [q.id for q in instrument.questions if q.required and given.get(q.id) is None]
    if missing:
        raise InvalidInput(
            f"Missing answer(s) for {instrument.id}: {_names(missing)}.",
            field=f"answers.{missing[0]}",
        )
    return {q.id: str(given[q.id]) for q in instrument.questions if given.get(q.id) is not None}


def _counts(instrument: Instrument, answers: Mapping[str, str]) -> dict[str, int]:
    counts = {YES: 0, NO: 0, DONT_KNOW: 0, "unanswered": 0}
    for question in instrument.questions:
        if question.answer_type.is_yes_no:
            counts[answers.get(question.id, "unanswered")] += 1
    return counts


def _bands(instrument: Instrument, config: ScoringConfig) -> tuple[Band, ...]:
    """The configured bands for this instrument if any (checked), else the shipped ones."""
    configured = config.bands.get(instrument.id)
    if configured is None:
        return instrument.bands
    where = f"config.bands.{instrument.id}"
    if instrument.rule is not ScoringRule.COUNT_YES:
        raise InvalidInput(
            f"{instrument.name} is not scored by count and takes no bands.", field=where
        )
    bands = tuple(configured)
    problem = check_bands(bands)
    if problem:
        raise InvalidInput(f"Configured bands for {instrument.id}: {problem}.", field=where)
    return bands


def _check_judgement(
    instrument: Instrument, judgement: Judgement | None, actuarial: Level | None, yes: int
) -> Level | None:
    """Check the judgement against the rule; return the judged level (None if none given)."""
    if not instrument.has_levels:
        if judgement is not None:
            raise InvalidInput(
                f"{instrument.name} records results only and takes no professional judgement."
                if instrument.rule is ScoringRule.RESULTS_ONLY
                else f"{instrument.name} is a screen and takes no professional judgement.",
                field="judgement",
            )
        return None
    if judgement is None:
        if instrument.rule is ScoringRule.SPJ:
            raise InvalidInput(
                f"{instrument.name} is graded by professional judgement: give a level "
                "(standard, medium or high) and a written rationale.",
                field="judgement",
            )
        return None
    try:
        judged = Level(judgement.level)
    except ValueError as exc:
        raise InvalidInput(
            f"The judged level must be standard, medium or high, not {judgement.level!r}.",
            field="judgement.level",
        ) from exc
    if not isinstance(judgement.rationale, str) or not judgement.rationale.strip():
        raise InvalidInput(
            "A professional judgement needs a written rationale.", field="judgement.rationale"
        )
    if actuarial is not None and judged.rank < actuarial.rank:
        visible = " (visible high risk)" if actuarial is Level.HIGH else ""
        raise InvalidInput(
            f"Professional judgement may only raise the {instrument.name} level: {yes} yes "
            f"answer(s) give {actuarial.value}{visible}, which cannot be lowered to "
            f"{judged.value}.",
            field="judgement.level",
        )
    return judged


def _final_level(actuarial: Level | None, judged: Level | None) -> Level | None:
    if actuarial is None or judged is None:
        return actuarial or judged
    return judged if judged.rank > actuarial.rank else actuarial
