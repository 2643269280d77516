"""One keyword pass that tells which rule patterns could match a text at all.

A rule set holds a few hundred regular expressions; run one by one over every message they
cost about half a millisecond a message. Almost every pattern, though, cannot match unless
some fixed word is in the text: ``I know where you live`` needs ``know``. For each pattern
:func:`required` reads the compiled expression (Python's own parse of it) and finds a set
of literal strings of which every match must contain at least one (``None`` when it cannot
say, and then the pattern always runs). :class:`Prefilter` puts every such string of every
pattern into one Aho-Corasick automaton; one pass over a message's lower-cased text names
the patterns worth running, and only those run, in their usual order. A pattern that is
skipped is one that could not have matched, so the hits are the same as running them all
(``tests/core/conduct/test_conduct_identity.py`` checks this against a stored snapshot).

Case: patterns match case-insensitively, so texts and literals are both put through
:func:`key_text`: Python's lower-casing plus the few extra equivalences its regular
expressions apply (long s is ``s``, dotless i is ``i``; ``re._casefix``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from operator import itemgetter
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

_EQUIV: dict[int, str] = {}
for _base, _extras in _casefix._EXTRA_CASES.items():
    _group = sorted({_base, *_extras})
    for _code in _group:
        _EQUIV[_code] = chr(_group[0])
_VALUE = itemgetter(1)  # of an automaton match: (end, value)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


# every ASCII character other than a-z, A-Z and 0-9 to a space, for ASCII text as bytes
# (a 256-byte table translates at memory speed)
_GAPS_ASCII = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256))
_NOT_WORD = re.compile(r"[^a-z0-9]")


def key_text(text: str) -> str:
    """``text`` as the prefilter reads it: lower-cased, case-equivalent letters made one,
    and every character other than ``a-z`` and ``0-9`` made a space, with a space at each
    end (so `` at `` is the word *at*, not the end of *what*).

    ``İ`` lower-cases to two characters (``i`` and a combining dot); the dot is dropped so
    the ``i`` stays next to its neighbours, as the pattern engine sees it.
    """
    low = text.lower()
    if low.isascii():
        return f" {low.encode('ascii').translate(_GAPS_ASCII).decode('ascii')} "
    low = low.replace("i\u0307", "i").translate(_EQUIV)
    return f" {_NOT_WORD.sub(' ', low)} "


def _key(literal: str, before: bool, after: bool) -> str:
    """A literal in :func:`key_text` form, with a space in front when the pattern puts a
    non-word character (or the text's start) before it, and behind when after it."""
    inner = key_text(literal)[1:-1]
    return f"{' ' if before else ''}{inner}{' ' if after else ''}"


_COMMON = frozenset(
    """a about all am and are as at be by can come could d day do don even for get go going
    got have here i id ill im in is it let like ll m me my no not of on one out over people
    re round s see so some soon t the there this to u up ur ve was way well what when who
    will with won would you your yer yor""".split()
)
_WORD_CLASS = [(_c.IN, [(_c.RANGE, (97, 122)), (_c.RANGE, (48, 57))])]


def _is_gap(op: Any, av: Any) -> bool:
    """Whether a pattern item guarantees a non-word character (or the text's edge) at its
    place: whitespace (``\\s``, ``\\s+``) or a negative look-around for ``[a-z0-9]``."""
    if op is _c.IN:
        return bool(av) and all(kind is _c.CATEGORY and v is _c.CATEGORY_SPACE for kind, v in av)
    if op in _REPEATS:
        low, _high, item = av
        return low >= 1 and len(item) == 1 and _is_gap(*item[0])
    if op is _c.ASSERT_NOT:
        return list(av[1]) == _WORD_CLASS
    return False


def _strength(word: str) -> tuple[int, int]:
    """How rare a literal is likely to be in everyday texting: its longest uncommon word,
    then its length."""
    parts = [p for p in word.split() if p not in _COMMON]
    return (max((len(p) for p in parts), default=0), len(word))


def _rank(need: AbstractSet[str]) -> tuple[int, int, int]:
    weakest = min(_strength(s) for s in need)
    return (*weakest, -len(need))


_MAX_STRINGS = 64


_STRINGS = object()  # a pseudo-op: a piece known to match one of a set of strings


def _PREFIX(strings: set[str]) -> tuple[Any, Any]:
    return (_STRINGS, frozenset(strings))


def _finite(op: Any, av: Any) -> set[str] | None:
    """Every string a small piece of pattern can match (``don'?t``: ``don't``, ``dont``),
    or ``None`` when there are too many or no end to them."""
    if op is _STRINGS:
        return set(av)
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        if all(kind is _c.LITERAL for kind, _ in av) and len(av) <= 8:
            return {chr(code) for _, code in av}
        return None
    if op is _c.SUBPATTERN:
        return _finite_seq(list(av[-1]))
    if op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _finite_seq(list(alternative))
            if found is None:
                return None
            out |= found
        return out if len(out) <= _MAX_STRINGS else None
    if op in _REPEATS:
        low, high, item = av
        piece = _finite_seq(list(item))
        if piece is None or high > 2:
            return None
        out, current = set(), {""}
        for count in range(high + 1):
            if count >= low:
                out |= current
            current = {a + b for a in current for b in piece}
            if len(current) > _MAX_STRINGS:
                return None
        return out if len(out) <= _MAX_STRINGS else None
    return None


def _finite_seq(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    out = {""}
    for op, av in items:
        piece = _finite(op, av)
        if piece is None:
            return None
        out = {a + b for a in out for b in piece}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _seq(
    items: Sequence[tuple[Any, Any]], before: bool = False, after: bool = False
) -> list[frozenset[str]]:
    """Requirements of a sequence: every listed set must have a member in the text.
    ``before``/``after``: the sequence is known to stand between non-word characters."""
    needs: list[frozenset[str]] = []
    run: set[str] = {""}
    run_before = before
    items = list(items)

    def flush(gap_after: bool) -> None:
        nonlocal run
        strings = {_key(s, run_before, gap_after) for s in run}
        if all(s.strip() for s in strings):
            needs.append(frozenset(strings))
        run = {""}

    for i, (op, av) in enumerate(items):
        gap_before = _is_gap(*items[i - 1]) if i else before
        gap_after = _is_gap(*items[i + 1]) if i + 1 < len(items) else after
        piece = _finite(op, av)
        if piece is not None and len(run) * len(piece) <= _MAX_STRINGS:
            if run == {""}:
                run_before = gap_before
            run = {x + y for x in run for y in piece}
            continue
        if piece is None and op is _c.BRANCH and run != {""}:
            # "i" then (?:'m|m|\s+am): each alternative carries the "i" before it
            needs += _branch(av, run, run_before, gap_after)
            run = {""}
            continue
        if run != {""}:
            flush(_is_gap(op, av))
        if piece is not None:
            run, run_before = piece, gap_before
        else:
            needs += _node(op, av, gap_before, gap_after)
    if run != {""}:
        flush(after)
    return needs


def _branch(av: Any, ahead: set[str], before: bool, after: bool) -> list[frozenset[str]]:
    """A branch's requirement: the union of each alternative's most telling set, with the
    strings ``ahead`` (that must come just before it) written in front of each."""
    out: set[str] = set()
    for alternative in av[1]:
        lead = [_PREFIX(ahead)] if ahead != {""} else []
        found = _seq([*lead, *alternative], before, after)
        if not found:
            return []
        out |= max(found, key=_rank)
    return [frozenset(out)]


def _node(op: Any, av: Any, before: bool, after: bool) -> list[frozenset[str]]:
    if op is _c.SUBPATTERN:
        return _seq(av[-1], before, after)
    if op is _c.BRANCH:
        return _branch(av, {""}, before, after)
    if op in _REPEATS:
        low, high, item = av
        return _seq(item, before, after and high == 1) if low >= 1 else []
    if op is _c.ATOMIC_GROUP:
        return _seq(av, before, after)
    return []  # classes, any, categories, anchors, look-arounds, backreferences


_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


def _alternatives(
    items: list[tuple[Any, Any]], before: bool = False, after: bool = False
) -> list[tuple[list[tuple[Any, Any]], bool, bool]]:
    """A pattern that is one branch between zero-width checks (``(?<!x)(?:a|b)(?!x)``, the
    shape of every rule pattern) as its alternatives, each split again; else itself."""
    core = [i for i, (op, _) in enumerate(items) if op not in _ZERO_WIDTH]
    if len(core) != 1:
        return [(items, before, after)]
    at = core[0]
    op, av = items[at]
    gap_before = any(_is_gap(*item) for item in items[:at]) or before
    gap_after = any(_is_gap(*item) for item in items[at + 1 :]) or after
    if op is _c.SUBPATTERN:
        return _alternatives(list(av[-1]), gap_before, gap_after)
    if op is _c.BRANCH and _finite(op, av) is None:
        return [
            part
            for alternative in av[1]
            for part in _alternatives(list(alternative), gap_before, gap_after)
        ]
    return [(items, before, after)]


def required_any(pattern: re.Pattern[str]) -> list[list[frozenset[str]]]:
    """For each top-level alternative of ``pattern``, sets of strings (in
    :func:`key_text` form) such that every match of that alternative puts a member of
    each set in the key text, the most telling set first. An empty list of sets for an
    alternative means nothing can be said of it (the pattern then always runs)."""
    parsed = list(_p.parse(pattern.pattern, pattern.flags))
    return [
        sorted(set(_seq(items, before, after)), key=_rank, reverse=True)
        for items, before, after in _alternatives(parsed)
    ]


def required(pattern: re.Pattern[str]) -> list[frozenset[str]]:
    """Sets of strings (in :func:`key_text` form) such that every match of ``pattern``
    puts a member of each set in the key text; the most telling set first. An empty list
    when nothing can be said."""
    needs = _seq(list(_p.parse(pattern.pattern, pattern.flags)))
    return sorted(set(needs), key=_rank, reverse=True)


class Prefilter:
    """Which of a rule set's patterns could match a text.

    Each alternative of each pattern is indexed under its most telling set of strings;
    when one of those is found, the alternative's other sets are checked in the text. Patterns
    are numbered in rule-set order (:attr:`owners` gives each number's rule and pattern
    index), so sorted numbers run in the order the rules are written."""

    def __init__(self, patterns: Iterable[tuple[int, int, re.Pattern[str]]]) -> None:
        # built on first use: a process that only records which rule set it used (the
        # analysis whose matching runs in a second process) never pays for the automaton
        self._patterns: list[tuple[int, int, re.Pattern[str]]] | None = list(patterns)
        self._owners: list[tuple[int, int]] = []
        self._lock = threading.Lock()

    @property
    def owners(self) -> list[tuple[int, int]]:
        """Each pattern number's ``(rule index, pattern index)``."""
        if self._patterns is not None:
            self._build()
        return self._owners

    def _build(self) -> None:
        with self._lock:  # one build, even when threads ask at once
            if self._patterns is not None:
                self._build_now(self._patterns)
                self._patterns = None

    def _build_now(self, patterns: list[tuple[int, int, re.Pattern[str]]]) -> None:
        always: list[int] = []
        sure: dict[str, list[int]] = {}
        check: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for number, (rule_i, pattern_i, pattern) in enumerate(patterns):
            self._owners.append((rule_i, pattern_i))
            alternatives = required_any(pattern)
            if not all(alternatives):
                always.append(number)
                continue
            for needs in alternatives:
                first, rest = needs[0], tuple(needs[1:])
                for word in first:
                    if rest:
                        check.setdefault(word, []).append((number, rest))
                    else:
                        sure.setdefault(word, []).append(number)
        self.always = frozenset(always)
        words = set(sure) | set(check)
        for owners in check.values():
            for _number, rest in owners:
                words.update(*rest)
        ordered_words = sorted(words)
        word_id = {word: i for i, word in enumerate(ordered_words)}
        self.words = len(ordered_words)
        # only the strings that name patterns need a look-up when found; the others are
        # there for the checks of a candidate's other sets
        self._hooks = {
            word_id[word]: (
                tuple(sure.get(word, ())),
                tuple(
                    (number, tuple(frozenset(word_id[w] for w in need) for need in rest))
                    for number, rest in check.get(word, ())
                ),
            )
            for word in ordered_words
            if word in sure or word in check
        }
        self._hooked = frozenset(self._hooks)
        self._automaton: Any = ahocorasick.Automaton()
        for i, word in enumerate(ordered_words):
            self._automaton.add_word(word, i)
        if ordered_words:
            self._automaton.make_automaton()

    def numbers(self, text: str) -> set[int]:
        """The numbers of the patterns worth running on ``text``."""
        if self._patterns is not None:
            self._build()
        out = set(self.always)
        if not self.words:
            return out
        found = set(map(_VALUE, self._automaton.iter(key_text(text))))
        hooks = self._hooks
        for i in found.intersection(self._hooked):
            sure, check = hooks[i]
            if sure:
                out.update(sure)
            for number, rest in check:
                if number in out:
                    continue
                for need in rest:  # a plain loop: no generator per candidate
                    if need.isdisjoint(found):
                        break
                else:
                    out.add(number)
        return out

    def candidates(self, text: str) -> dict[int, set[int]]:
        """Rule index to the indexes of its patterns worth running on ``text``."""
        out: dict[int, set[int]] = {}
        for number in self.numbers(text):
            rule_i, pattern_i = self._owners[number]
            out.setdefault(rule_i, set()).add(pattern_i)
        return out
