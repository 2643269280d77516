"""Proposed redactions of personal data for disclosure copies, and their application.

:func:`propose` finds phone numbers (every UK written form, drama ranges included, and
international numbers with ``+``), e-mail addresses, postcodes, street addresses, dates
of birth (written beside "DOB", "born" ...), vehicle registrations, National Insurance,
passport and driving-licence numbers, card and bank numbers, social-media handles and
profile links, and the names and identifiers of the case's own people (:mod:`.case`).
It does not find other people's names or places it has no pattern for: a person checks
every copy.

>>> from foursight.core.redaction import CasePerson, case_terms, propose
>>> text = "Alice's number is 07700 900123"
>>> [s.entity for s in propose(text, case_terms([CasePerson("Alice", "Walker")]))]
['PERSON', 'PHONE_NUMBER']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from foursight.core.redaction.case import (
    CasePerson,
    CaseTerms,
    case_terms,
    compile_terms,
    fold_text,
)
from foursight.core.redaction.engine import analyzer, presidio_version
from foursight.core.redaction.patterns import refused
from foursight.core.redaction.spans import Span, SpanError, check_spans, label, merge_spans

__all__ = [
    "TOOL",
    "CasePerson",
    "CaseTerms",
    "Span",
    "SpanError",
    "apply",
    "case_terms",
    "check_spans",
    "merge_spans",
    "propose",
    "tool_version",
]

TOOL = "foursight-redaction 1"
#: Presidio results below this score are not proposed (its bare postcode guess is 0.1;
#: this package's own postcode pattern proposes full postcodes at 0.85).
THRESHOLD = 0.3


def tool_version() -> str:
    return f"{TOOL} (presidio-analyzer {presidio_version()})"


#: Written before a name, and redacted with it: a title, then up to two initials
#: ("Mr Brennan", "Ms J. Smith", "T. WISNIEWSKI", "J Smith"; a lone "I" or "A" is a word).
_BEFORE_NAME = re.compile(
    r"(?:(?<![\w])(?i:mr|mrs|ms|miss|mx|dr|master|prof)\.?\s+)?"
    r"(?:(?<![\w.])(?:[A-Z]\.\s*|(?![AI]\s)[A-Z]\s+)){0,2}$"
)
#: Written after a name, and redacted with it: a possessive ("Fiona's", "ZOË'S").
_AFTER_NAME = re.compile(r"['\u2019][sS]?(?!\w)")


def _widen_name(text: str, start: int, end: int) -> tuple[int, int]:
    before = _BEFORE_NAME.search(text, max(0, start - 24), start)
    if before is not None and before.end() == start:
        start = before.start()
    after = _AFTER_NAME.match(text, end)
    if after is not None:
        end = after.end()
    return start, end


def case_spans(text: str, terms: CaseTerms) -> list[Span]:
    """Where the case's own names and identifiers occur in ``text``; a name takes its
    title, initials and possessive with it."""
    folded = fold_text(text)
    out: list[Span] = []
    for entity, pattern in compile_terms(terms):
        for m in pattern.finditer(folded):
            start, end = m.start(), m.end()
            if entity == "PERSON":
                start, end = _widen_name(text, start, end)
            out.append(Span(start, end, entity, 1.0))
    return out


def propose(
    text: str, terms: CaseTerms | None = None, *, threshold: float = THRESHOLD
) -> list[Span]:
    """Proposed redactions in ``text``: merged, in order, as character offsets."""
    if not text.strip():
        return []
    found = [
        Span(r.start, r.end, str(r.entity_type), float(r.score))
        for r in analyzer().analyze(text=text, language="en", score_threshold=threshold)
        if not refused(text, r.start, str(r.entity_type), float(r.score))
    ]
    if terms is not None and not terms.empty:
        found.extend(case_spans(text, terms))
    trimmed = [_trim(text, s) for s in found]
    return merge_spans(text, [s for s in trimmed if s.end > s.start])


def _trim(text: str, span: Span) -> Span:
    """Without leading or trailing spaces and punctuation a pattern may have taken."""
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:."):
        end -= 1
    return Span(start, end, span.entity, span.score)


def apply(text: str, spans: Sequence[Span]) -> str:
    """``text`` with each span replaced by ``[REDACTED: <entity>]``, through Presidio's
    anonymizer. Spans are checked first (:class:`SpanError` names the first bad one)."""
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    check_spans(text, spans)
    merged = merge_spans(text, spans)
    if not merged:
        return text
    results = [RecognizerResult(s.entity, s.start, s.end, s.score) for s in merged]
    operators = {
        s.entity: OperatorConfig("replace", {"new_value": label(s.entity)}) for s in merged
    }
    engine = AnonymizerEngine()  # type: ignore[no-untyped-call]
    return str(engine.anonymize(text, results, operators).text)
