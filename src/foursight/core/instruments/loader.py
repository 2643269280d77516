"""Load instrument definitions (JSON data files) into checked :class:`Instrument` values.

The shipped definitions live in ``foursight/core/instruments/definitions/<id>.json``.
Every id a definition uses (sections, answer types, questions, outcomes, trigger
targets) is checked when it loads, so a broken definition fails loudly and early.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from foursight.core.instruments import _json, conditions
from foursight.core.instruments.conditions import Outcome, PromptRule, Scope, TriggerRule
from foursight.core.instruments.instrument import Instrument
from foursight.core.instruments.model import (
    AnswerType,
    Band,
    Level,
    Question,
    ScoringRule,
    Section,
    check_bands,
)
from foursight.errors import InvalidInput, NotFound

SCHEMA = "foursight.instrument/1"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")
_KEYS = frozenset(
    {
        "schema",
        "id",
        "version",
        "name",
        "edition",
        "licence",
        "note",
        "sources",
        "rule",
        "answer_types",
        "sections",
        "questions",
        "bands",
        "marac",
        "requires_licensed_assessor",
        "outcomes",
        "prompts",
        "triggers",
    }
)
_OPTIONAL = frozenset(
    {"bands", "marac", "requires_licensed_assessor", "outcomes", "prompts", "triggers"}
)
_REQUIRED = _KEYS - _OPTIONAL


def _ident(value: object, where: str) -> str:
    ident = _json.text(value, where)
    if not _ID.match(ident):
        raise InvalidInput(f"{where} {ident!r} must be lower_snake_case.", field=where)
    return ident


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise InvalidInput(f"{where} repeats the id {ident!r}.", field=where)
        seen.add(ident)


def parse_bands(value: object, where: str) -> tuple[Band, ...]:
    """Parse and check a JSON list of ``{"level", "min", "max"}`` bands.

    Used for the shipped defaults and for a force's configured bands alike.
    """
    bands: list[Band] = []
    for i, item in enumerate(_json.arr(value, where)):
        at = f"{where}[{i}]"
        data = _json.obj(item, at, allowed=frozenset({"level", "min", "max"}))
        try:
            level = Level(_json.text(data.get("level"), f"{at}.level"))
        except ValueError as exc:
            raise InvalidInput(f"{at}.level must be standard, medium or high.", field=at) from exc
        maximum = data.get("max")
        bands.append(
            Band(
                level,
                _json.integer(data.get("min"), f"{at}.min"),
                None if maximum is None else _json.integer(maximum, f"{at}.max"),
            )
        )
    problem = check_bands(tuple(bands))
    if problem:
        raise InvalidInput(f"{where}: {problem}.", field=where)
    return tuple(bands)


def _answer_types(value: object) -> dict[str, AnswerType]:
    types: dict[str, AnswerType] = {}
    for type_id, options in _json.obj(value, "answer_types").items():
        where = f"answer_types.{type_id}"
        values = [_ident(option, where) for option in _json.arr(options, where)]
        if not values:
            raise InvalidInput(f"{where} needs at least one option.", field=where)
        _unique(values, where)
        types[_ident(type_id, "answer_types")] = AnswerType(type_id, tuple(values))
    return types


def _sections(value: object) -> tuple[Section, ...]:
    sections = []
    for i, item in enumerate(_json.arr(value, "sections")):
        at = f"sections[{i}]"
        data = _json.obj(item, at, allowed=frozenset({"id", "title"}))
        sections.append(
            Section(_ident(data.get("id"), f"{at}.id"), _json.text(data.get("title"), at))
        )
    _unique([s.id for s in sections], "sections")
    return tuple(sections)


def _questions(
    value: object, sections: tuple[Section, ...], types: dict[str, AnswerType]
) -> tuple[Question, ...]:
    section_ids = {s.id for s in sections}
    keys = frozenset({"id", "number", "section", "topic", "answer_type", "required"})
    questions = []
    for i, item in enumerate(_json.arr(value, "questions")):
        at = f"questions[{i}]"
        data = _json.obj(item, at, allowed=keys)
        section = _json.text(data.get("section"), f"{at}.section")
        if section not in section_ids:
            raise InvalidInput(f"{at} names unknown section {section!r}.", field=f"{at}.section")
        type_id = _json.text(data.get("answer_type"), f"{at}.answer_type")
        if type_id not in types:
            raise InvalidInput(f"{at} names unknown answer type {type_id!r}.", field=at)
        questions.append(
            Question(
                id=_ident(data.get("id"), f"{at}.id"),
                number=_json.integer(data.get("number"), f"{at}.number", minimum=1),
                section=section,
                topic=_json.text(data.get("topic"), f"{at}.topic"),
                answer_type=types[type_id],
                required=_json.flag(data.get("required", True), f"{at}.required"),
            )
        )
    _unique([q.id for q in questions], "questions")
    _unique([str(q.number) for q in questions], "questions (numbers)")
    return tuple(questions)


def parse_definition(value: object, where: str = "definition") -> Instrument:
    """Parse one definition (already decoded from JSON) into a checked :class:`Instrument`.

    Trigger targets are checked by :func:`load_instruments`, which sees every definition.
    """
    try:
        return _parse(value)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}", field=exc.field) from exc


def _parse(value: object) -> Instrument:
    data = _json.obj(value, "definition", allowed=_KEYS)
    missing = sorted(_REQUIRED - set(data))
    if missing:
        raise InvalidInput(f"missing key(s): {', '.join(missing)}.", field=missing[0])
    if data["schema"] != SCHEMA:
        raise InvalidInput(f"schema must be {SCHEMA!r}.", field="schema")
    version = _json.text(data["version"], "version")
    if not _VERSION.match(version):
        raise InvalidInput(f"version {version!r} must look like 1.0 or 1.0.2.", field="version")
    try:
        rule = ScoringRule(_json.text(data["rule"], "rule"))
    except ValueError as exc:
        known = ", ".join(r.value for r in ScoringRule)
        raise InvalidInput(f"rule must be one of {known}.", field="rule") from exc
    types = _answer_types(data["answer_types"])
    sections = _sections(data["sections"])
    questions = _questions(data["questions"], sections, types)
    bands = parse_bands(data["bands"], "bands") if "bands" in data else ()
    if (rule is ScoringRule.COUNT_YES) != bool(bands):
        raise InvalidInput("bands are required for count_yes and only for it.", field="bands")
    marac = _json.flag(data.get("marac", False), "marac")
    licensed = _json.flag(
        data.get("requires_licensed_assessor", False), "requires_licensed_assessor"
    )
    has_levels = rule in (ScoringRule.COUNT_YES, ScoringRule.SPJ)
    if marac and not has_levels:
        raise InvalidInput("only instruments with levels can refer to MARAC.", field="marac")
    outcomes: list[Outcome] = []
    for i, item in enumerate(_json.arr(data.get("outcomes", []), "outcomes")):
        at = f"outcomes[{i}]"
        entry = _json.obj(item, at, allowed=frozenset({"id", "label", "when"}))
        scope = _scope(questions, sections, outcomes, has_levels=False, has_marac=False)
        outcomes.append(
            Outcome(
                _ident(entry.get("id"), f"{at}.id"),
                _json.text(entry.get("label"), f"{at}.label"),
                conditions.parse(entry.get("when"), f"{at}.when", scope),
            )
        )
    _unique([o.id for o in outcomes], "outcomes")
    scope = _scope(questions, sections, outcomes, has_levels=has_levels, has_marac=marac)
    prompts = []
    for i, item in enumerate(_json.arr(data.get("prompts", []), "prompts")):
        at = f"prompts[{i}]"
        entry = _json.obj(item, at, allowed=frozenset({"id", "text", "when"}))
        prompts.append(
            PromptRule(
                _ident(entry.get("id"), f"{at}.id"),
                _json.text(entry.get("text"), f"{at}.text"),
                conditions.parse(entry.get("when"), f"{at}.when", scope),
            )
        )
    _unique([p.id for p in prompts], "prompts")
    triggers = []
    for i, item in enumerate(_json.arr(data.get("triggers", []), "triggers")):
        at = f"triggers[{i}]"
        entry = _json.obj(item, at, allowed=frozenset({"instrument", "text", "when"}))
        triggers.append(
            TriggerRule(
                _ident(entry.get("instrument"), f"{at}.instrument"),
                _json.text(entry.get("text"), f"{at}.text"),
                conditions.parse(entry.get("when"), f"{at}.when", scope),
            )
        )
    return Instrument(
        id=_ident(data["id"], "id"),
        version=version,
        name=_json.text(data["name"], "name"),
        edition=_json.text(data["edition"], "edition"),
        licence=_json.text(data["licence"], "licence"),
        note=_json.text(data["note"], "note"),
        sources=tuple(_json.text(s, "sources") for s in _json.arr(data["sources"], "sources")),
        rule=rule,
        sections=sections,
        questions=questions,
        bands=bands,
        marac=marac,
        requires_licensed_assessor=licensed,
        outcomes=tuple(outcomes),
        prompts=tuple(prompts),
        triggers=tuple(triggers),
    )


def _scope(
    questions: tuple[Question, ...],
    sections: tuple[Section, ...],
    outcomes: list[Outcome],
    *,
    has_levels: bool,
    has_marac: bool,
) -> Scope:
    return Scope(
        questions={q.id: q for q in questions},
        sections=frozenset(s.id for s in sections),
        outcomes=frozenset(o.id for o in outcomes),
        has_levels=has_levels,
        has_marac=has_marac,
    )


def load_definition(path: Path) -> Instrument:
    """Load one definition file, e.g. a force's own DARA question set or a VS-DASH variant.

    The file has the same shape as the shipped definitions (see ``docs/risk.md``).
    """
    return parse_definition(_json.read_json(Path(path), "instrument definition"), str(path))


def check_triggers(instruments: dict[str, Instrument]) -> None:
    """Refuse a set of instruments in which a trigger names a missing instrument."""
    for instrument in instruments.values():
        for trigger in instrument.triggers:
            if trigger.instrument not in instruments or trigger.instrument == instrument.id:
                raise InvalidInput(
                    f"{instrument.id}: trigger names instrument {trigger.instrument!r}, "
                    "which is not another loaded instrument.",
                    field="triggers",
                )


@cache
def _shipped() -> tuple[Instrument, ...]:
    folder = resources.files("foursight.core.instruments").joinpath("definitions")
    found: dict[str, Instrument] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        where = f"definitions/{entry.name}"
        instrument = parse_definition(_json.parse_text(entry.read_text("utf-8"), where), where)
        if f"{instrument.id}.json" != entry.name:
            raise InvalidInput(f"{where} holds instrument {instrument.id!r}; rename the file.")
        found[instrument.id] = instrument
    check_triggers(found)
    return tuple(found.values())


def load_instruments() -> dict[str, Instrument]:
    """The shipped instrument definitions, by id (a fresh dict; the instruments are frozen).

    >>> sorted(load_instruments())
    ['dara', 'dash', 'four', 'sam', 'sdash', 'srp']
    """
    return {instrument.id: instrument for instrument in _shipped()}


def get_instrument(instrument_id: str) -> Instrument:
    """The shipped instrument ``instrument_id``; an unknown id raises ``NotFound``."""
    for instrument in _shipped():
        if instrument.id == instrument_id:
            return instrument
    raise NotFound("instrument", field="instrument_id")
