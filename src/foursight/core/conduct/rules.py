"""Versioned, explainable language rules: load a rule-set data file and match it.

A rule set is a JSON file under ``conduct/rules/`` with an ``id``, a semantic ``version``,
``macros`` (named regular-expression fragments written ``{NAME}`` in patterns) and
``rules``. Each rule has an ``id``, a ``category``, a ``severity`` (1 low to 4 high),
``patterns`` and ``exceptions``. Matching is case-insensitive; a single space in a pattern
(outside a character class) matches any run of whitespace; every pattern is anchored at
word edges, so ``kill`` never matches inside ``skill``.

A pattern hit is dropped when one of the rule's ``exceptions`` matches anywhere in the
sentence that holds the hit (the hard negatives: "kill it at the interview"), or, for a
rule marked ``negatable``, when the rule set's ``negation`` cue ("never", "not", "won't")
occurs in the hit or in the ``negation_window`` characters before it within the sentence
("I'll never hurt you"). Each surviving hit keeps the rule id and the matched span, so an
officer (and a court) can see exactly which words fired which rule.

Example::

    >>> rs = threat_rules()
    >>> [(h.rule_id, h.text) for h in rs.match("I know where you live")]
    [('SV-001', 'I know where you live')]
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from foursight.core.conduct.prefilter import Prefilter
from foursight.errors import InvalidInput

_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")
_SENTENCE_END = re.compile(r"[.!?\n;]+")
# Characters replaced one-for-one so that spans in the folded text are spans in the body.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u200e": " ",
        "\u200f": " ",
        "\u202f": " ",
        "\u00a0": " ",
        "\t": " ",
        "\r": " ",
    }
)


def fold(text: str) -> str:
    """Normalise quotes and invisible spaces without changing the length of ``text``."""
    if text.isascii() and "\t" not in text and "\r" not in text and "`" not in text:
        return text  # the usual message: nothing to fold (scanning is cheaper than a copy)
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule firing on one text: the rule, its category and severity, and the span."""

    rule_id: str
    category: str
    severity: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: int
    description: str
    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]
    negatable: bool


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A loaded rule set. ``sha256`` is the hash of the data file's bytes."""

    id: str
    version: str
    sha256: str
    categories: dict[str, str]
    rules: tuple[Rule, ...]
    negation: re.Pattern[str] | None
    negation_window: int
    prefilter: Prefilter = field(compare=False, repr=False)

    def describe(self) -> dict[str, Any]:
        """The provenance recorded with every analysis that used this rule set."""
        return {"id": self.id, "version": self.version, "sha256": self.sha256}

    def match(self, text: str) -> list[RuleHit]:
        """Every rule that fires on ``text``: at most one hit per rule (its first surviving
        match), ordered by position and then rule id."""
        return [
            RuleHit(rule.id, rule.category, rule.severity, start, end, text[start:end])
            for rule, start, end in self._spans(fold(text))
        ]

    def match_many(self, texts: Iterable[str]) -> list[list[RuleHit]]:
        """:meth:`match` on each of ``texts``, matching each distinct folded text once
        (phones repeat short messages: "ok", "on my way")."""
        memo: dict[str, list[tuple[Rule, int, int]]] = {}
        out: list[list[RuleHit]] = []
        for text in texts:
            folded = fold(text)
            spans = memo.get(folded)
            if spans is None:
                spans = memo[folded] = self._spans(folded)
            out.append(
                [
                    RuleHit(rule.id, rule.category, rule.severity, start, end, text[start:end])
                    for rule, start, end in spans
                ]
            )
        return out

    def _spans(self, folded: str) -> list[tuple[Rule, int, int]]:
        """Each firing rule's first surviving span, running only the patterns the
        prefilter says could match (the others cannot, so the result is the same)."""
        found: list[tuple[Rule, int, int]] = []
        candidates = self.prefilter.numbers(folded)
        if not candidates:
            return found  # most messages: no pattern could match
        numbers = sorted(candidates)
        owners, rules = self.prefilter.owners, self.rules
        i = 0
        while i < len(numbers):
            rule_i = owners[numbers[i]][0]
            patterns = []
            while i < len(numbers) and owners[numbers[i]][0] == rule_i:
                patterns.append(rules[rule_i].patterns[owners[numbers[i]][1]])
                i += 1
            span = self._first_span(rules[rule_i], patterns, folded)
            if span is not None:
                found.append((rules[rule_i], *span))
        found.sort(key=lambda h: (h[1], h[2], h[0].id))
        return found

    def _first_span(
        self, rule: Rule, patterns: list[re.Pattern[str]], folded: str
    ) -> tuple[int, int] | None:
        best: tuple[int, int] | None = None
        for pattern in patterns:
            for found in pattern.finditer(folded):
                start, end = found.span()
                if start == end or not self._survives(rule, folded, start, end):
                    continue
                if best is None or (start, end) < best:
                    best = (start, end)
                break
        return best

    def _survives(self, rule: Rule, folded: str, start: int, end: int) -> bool:
        s_start, s_end = _sentence(folded, start, end)
        sentence = folded[s_start:s_end]
        if any(exc.search(sentence) for exc in rule.exceptions):
            return False
        if rule.negatable and self.negation is not None:
            window = folded[max(s_start, start - self.negation_window) : end]
            if self.negation.search(window):
                return False
        return True


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence(s) holding ``text[start:end]``."""
    s_start = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        s_start = found.end()
    after = _SENTENCE_END.search(text, end)
    return s_start, after.start() if after else len(text)


def _spaces(pattern: str) -> str:
    """Turn each literal space outside a character class into ``\\s+`` (``\\s`` when a
    quantifier follows it)."""
    out: list[str] = []
    in_class = False
    escaped = False
    for i, char in enumerate(pattern):
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == " " and not in_class:
            quantified = pattern[i + 1 : i + 2] in {"*", "+", "?", "{"}
            out.append(r"\s" if quantified else r"\s+")
        else:
            out.append(char)
    return "".join(out)


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def repl(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in macros:
            raise InvalidInput(f"{where}: unknown macro {{{name}}}")
        return f"(?:{macros[name]})"

    for _ in range(5):  # macros may use macros; a fixed depth keeps cycles out
        pattern = _MACRO.sub(repl, pattern)
    return pattern


def _compile(pattern: str, macros: dict[str, str], where: str, anchored: bool) -> re.Pattern[str]:
    body = _spaces(_expand(pattern, macros, where))
    if anchored:
        body = f"(?<![a-z0-9])(?:{body})(?![a-z0-9])"
    try:
        return re.compile(body, re.IGNORECASE)
    except re.error as exc:
        raise InvalidInput(f"{where}: bad pattern: {exc}") from exc


def parse_rule_set(data: bytes, name: str = "rules") -> RuleSet:
    """Build a :class:`RuleSet` from the bytes of a rule-set JSON file.

    Raises :class:`~foursight.errors.InvalidInput` naming the rule and pattern at fault.
    """
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise InvalidInput(f"{name}: not valid JSON: {exc}") from exc
    macros: dict[str, str] = {str(k): str(v) for k, v in doc.get("macros", {}).items()}
    rules: list[Rule] = []
    seen: set[str] = set()
    categories: dict[str, str] = {str(k): str(v) for k, v in doc.get("categories", {}).items()}
    for raw in doc["rules"]:
        rule_id = str(raw["id"])
        if rule_id in seen:
            raise InvalidInput(f"{name}: duplicate rule id {rule_id}")
        seen.add(rule_id)
        category = str(raw["category"])
        if category not in categories:
            raise InvalidInput(f"{name}: rule {rule_id}: unknown category {category}")
        where = f"{name}: rule {rule_id}"
        rules.append(
            Rule(
                id=rule_id,
                category=category,
                severity=int(raw["severity"]),
                description=str(raw.get("description", "")),
                patterns=tuple(_compile(p, macros, where, True) for p in raw["patterns"]),
                exceptions=tuple(
                    _compile(p, macros, where, False) for p in raw.get("exceptions", [])
                ),
                negatable=bool(raw.get("negatable", False)),
            )
        )
    negation = doc.get("negation")
    prefilter = Prefilter(
        (rule_i, pattern_i, pattern)
        for rule_i, rule in enumerate(rules)
        for pattern_i, pattern in enumerate(rule.patterns)
    )
    return RuleSet(
        id=str(doc["id"]),
        version=str(doc["version"]),
        sha256=hashlib.sha256(data).hexdigest(),
        categories=categories,
        rules=tuple(rules),
        negation=_compile(str(negation), macros, f"{name}: negation", True) if negation else None,
        negation_window=int(doc.get("negation_window", 0)),
        prefilter=prefilter,
    )


def load_rule_set(path: str | Path) -> RuleSet:
    """Load a rule-set JSON file from ``path`` (a force's own, reviewed variant)."""
    file = Path(path)
    return parse_rule_set(file.read_bytes(), file.name)


@cache
def _bundled(name: str) -> RuleSet:
    data = resources.files("foursight.core.conduct").joinpath("rules", name).read_bytes()
    return parse_rule_set(data, name)


def threat_rules() -> RuleSet:
    """The bundled threat and intimidation rule set (``rules/threat_rules.json``)."""
    return _bundled("threat_rules.json")


def stop_rules() -> RuleSet:
    """The bundled stop-request rule set for the victim's outbound messages."""
    return _bundled("stop_rules.json")
