"""A small condition language for outcomes, prompts and triggers, written as JSON data.

Forms (each a JSON object)::

    {"answer": "q8", "in": ["yes"]}                     the answer to q8 is one of these
    {"yes_count_at_least": 1, "sections": ["acts"]}     at least N "yes" (in these sections)
    {"context": "occasions", "at_least": 2}             a number from the scoring context
    {"context": "victim_very_frightened"}               a flag from the scoring context
    {"level_at_least": "medium"}                        the final level is at least this
    {"outcome": "stalking_indicated"}                   an earlier named outcome holds
    {"marac_referral": true}                            the result is a MARAC referral
    {"all": [...]}, {"any": [...]}, {"not": {...}}      combinations

Conditions are parsed once when a definition loads, with every reference checked, so a
typo in a definition fails at load time rather than silently never matching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from foursight.core.instruments import _json
from foursight.core.instruments.model import YES, Level, Question
from foursight.errors import InvalidInput

#: Numbers a condition may read from the scoring context.
CONTEXT_NUMBERS = frozenset({"occasions", "dated_occasions"})
#: Flags a condition may read from the scoring context.
CONTEXT_FLAGS = frozenset({"victim_very_frightened"})


@dataclass(frozen=True, slots=True)
class AnswerIn:
    question: str
    values: frozenset[str]


@dataclass(frozen=True, slots=True)
class YesCount:
    at_least: int
    sections: frozenset[str]  # empty = every section


@dataclass(frozen=True, slots=True)
class ContextAtLeast:
    name: str
    at_least: int


@dataclass(frozen=True, slots=True)
class ContextFlag:
    name: str


@dataclass(frozen=True, slots=True)
class LevelAtLeast:
    level: Level


@dataclass(frozen=True, slots=True)
class OutcomeHolds:
    name: str


@dataclass(frozen=True, slots=True)
class MaracReferral:
    expected: bool


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Condition


Condition = (
    AnswerIn
    | YesCount
    | ContextAtLeast
    | ContextFlag
    | LevelAtLeast
    | OutcomeHolds
    | MaracReferral
    | AllOf
    | AnyOf
    | Not
)


@dataclass(frozen=True, slots=True)
class Scope:
    """What a condition in one definition may refer to."""

    questions: Mapping[str, Question]
    sections: frozenset[str]
    outcomes: frozenset[str]
    has_levels: bool
    has_marac: bool


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a condition is evaluated against for one scoring."""

    answers: Mapping[str, str]
    questions: Mapping[str, Question]
    numbers: Mapping[str, int]
    flags: Mapping[str, bool]
    level: Level | None = None
    outcomes: Mapping[str, bool] | None = None
    marac_referral: bool = False


def parse(value: object, where: str, scope: Scope) -> Condition:
    """Parse one JSON condition, checking every id it names against ``scope``."""
    data = _json.obj(value, where)
    keys = set(data)
    if keys == {"all"} or keys == {"any"}:
        key = "all" if "all" in data else "any"
        items = _json.arr(data[key], f"{where}.{key}")
        parts = tuple(parse(item, f"{where}.{key}[{i}]", scope) for i, item in enumerate(items))
        return AllOf(parts) if key == "all" else AnyOf(parts)
    if keys == {"not"}:
        return Not(parse(data["not"], f"{where}.not", scope))
    if keys == {"answer", "in"}:
        question = _json.text(data["answer"], f"{where}.answer")
        if question not in scope.questions:
            raise InvalidInput(f"{where} names unknown question {question!r}.", field=where)
        options = scope.questions[question].answer_type.options
        values = [_json.text(v, f"{where}.in") for v in _json.arr(data["in"], f"{where}.in")]
        bad = sorted(set(values) - set(options))
        if bad or not values:
            raise InvalidInput(
                f"{where} tests {question} for values it cannot take: {', '.join(bad) or 'none'}.",
                field=where,
            )
        return AnswerIn(question, frozenset(values))
    if keys <= {"yes_count_at_least", "sections"} and "yes_count_at_least" in keys:
        at_least = _json.integer(data["yes_count_at_least"], f"{where}.yes_count_at_least")
        names = [
            _json.text(s, f"{where}.sections")
            for s in _json.arr(data.get("sections", []), f"{where}.sections")
        ]
        unknown = sorted(set(names) - scope.sections)
        if unknown:
            raise InvalidInput(
                f"{where} names unknown section(s): {', '.join(unknown)}.", field=where
            )
        return YesCount(at_least, frozenset(names))
    if keys in ({"context"}, {"context", "at_least"}):
        name = _json.text(data["context"], f"{where}.context")
        if "at_least" in data:
            if name not in CONTEXT_NUMBERS:
                raise InvalidInput(f"{where} names unknown context number {name!r}.", field=where)
            return ContextAtLeast(name, _json.integer(data["at_least"], f"{where}.at_least"))
        if name not in CONTEXT_FLAGS:
            raise InvalidInput(f"{where} names unknown context flag {name!r}.", field=where)
        return ContextFlag(name)
    if keys == {"level_at_least"}:
        if not scope.has_levels:
            raise InvalidInput(f"{where} tests a level but this instrument has none.", field=where)
        try:
            return LevelAtLeast(Level(_json.text(data["level_at_least"], where)))
        except ValueError as exc:
            raise InvalidInput(f"{where} names an unknown level.", field=where) from exc
    if keys == {"outcome"}:
        name = _json.text(data["outcome"], f"{where}.outcome")
        if name not in scope.outcomes:
            raise InvalidInput(
                f"{where} names outcome {name!r} not defined before it.", field=where
            )
        return OutcomeHolds(name)
    if keys == {"marac_referral"}:
        if not scope.has_marac:
            raise InvalidInput(
                f"{where} tests MARAC but this instrument does not refer.", field=where
            )
        return MaracReferral(_json.flag(data["marac_referral"], f"{where}.marac_referral"))
    raise InvalidInput(f"{where} is not a known condition (keys: {sorted(keys)}).", field=where)


def holds(condition: Condition, facts: Facts) -> bool:
    """Evaluate ``condition`` against ``facts``."""
    match condition:
        case AllOf(parts):
            return all(holds(part, facts) for part in parts)
        case AnyOf(parts):
            return any(holds(part, facts) for part in parts)
        case Not(part):
            return not holds(part, facts)
        case AnswerIn(question, values):
            return facts.answers.get(question) in values
        case YesCount(at_least, sections):
            yes = sum(
                1
                for qid, answer in facts.answers.items()
                if answer == YES and (not sections or facts.questions[qid].section in sections)
            )
            return yes >= at_least
        case ContextAtLeast(name, at_least):
            return facts.numbers.get(name, 0) >= at_least
        case ContextFlag(name):
            return facts.flags.get(name, False)
        case LevelAtLeast(level):
            return facts.level is not None and facts.level.rank >= level.rank
        case OutcomeHolds(name):
            return bool(facts.outcomes and facts.outcomes.get(name, False))
        case MaracReferral(expected):
            return facts.marac_referral is expected


@dataclass(frozen=True, slots=True)
class Outcome:
    """A named finding of a screen (e.g. FOUR ``stalking_indicated``)."""

    id: str
    label: str
    when: Condition


@dataclass(frozen=True, slots=True)
class PromptRule:
    """Advice shown to the officer when ``when`` holds. The text is the project's own."""

    id: str
    text: str
    when: Condition


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """Recommend another instrument (by id) when ``when`` holds, with the prompt to show."""

    instrument: str
    text: str
    when: Condition
