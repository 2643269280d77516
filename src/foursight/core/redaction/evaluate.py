"""Measuring the proposals against a marked-up corpus: recall and precision per entity.

A corpus file holds documents, each::

    === msg-01 message
    person: Alice | Walker | phone=07700 900123; email=alice@example.com
    extra: Jake
    ---
    Text with every planted datum marked [[PHONE_NUMBER|07700 900123]].

``person:`` lines give the case's people (first names | surname | kind=value; ...),
``extra:`` words an officer adds. A planted item is found when proposed spans cover all
of its non-space characters; a proposed span is right when it overlaps a planted item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from foursight.core.redaction import CasePerson, Span, case_terms, propose

_MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.DOTALL)


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    text: str
    planted: tuple[Span, ...]
    people: tuple[CasePerson, ...] = ()
    extra: tuple[str, ...] = ()


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    proposed: int = 0
    right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0


def _person(line: str) -> CasePerson:
    parts = [p.strip() for p in line.split("|")]
    first, surname = [*parts, "", ""][:2]
    identifiers: list[tuple[str, str]] = []
    aliases: list[tuple[str, str]] = []
    if len(parts) > 2 and parts[2]:
        for pair in parts[2].split(";"):
            kind, _, value = pair.strip().partition("=")
            if kind == "alias":
                a_first, _, a_surname = value.partition(" ")
                aliases.append((a_first, a_surname))
            elif value:
                identifiers.append((kind.strip(), value.strip()))
    return CasePerson(first, surname, tuple(aliases), tuple(identifiers))


def _unmark(marked: str) -> tuple[str, tuple[Span, ...]]:
    text, planted, pos = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[pos : match.start()]
        text.append(before)
        length += len(before)
        value = match.group(2)
        planted.append(Span(length, length + len(value), match.group(1)))
        text.append(value)
        length += len(value)
        pos = match.end()
    text.append(marked[pos:])
    return "".join(text), tuple(planted)


def load(path: Path) -> list[Document]:
    """The documents of a corpus file (see the module's description)."""
    docs: list[Document] = []
    for block in path.read_text(encoding="utf-8").split("\n=== ")[1:]:
        head, _, body = block.partition("\n---\n")
        lines = head.splitlines()
        ident, _, kind = lines[0].strip().partition(" ")
        people = tuple(_person(x[7:]) for x in lines[1:] if x.startswith("person:"))
        extra = tuple(
            w.strip() for x in lines[1:] if x.startswith("extra:") for w in x[6:].split(",")
        )
        text, planted = _unmark(body.rstrip("\n"))
        docs.append(Document(ident, kind.strip(), text, planted, people, extra))
    return docs


def _covered(item: Span, spans: Sequence[Span], text: str) -> bool:
    return all(
        text[i].isspace() or any(s.start <= i < s.end for s in spans)
        for i in range(item.start, item.end)
    )


def score(docs: Iterable[Document]) -> dict[str, Tally]:
    """Per entity (planted entity for recall, proposed entity for precision), and ``ALL``."""
    tallies: dict[str, Tally] = {"ALL": Tally()}
    for doc in docs:
        spans = propose(doc.text, case_terms(doc.people, doc.extra))
        for item in doc.planted:
            for key in (item.entity, "ALL"):
                tally = tallies.setdefault(key, Tally())
                tally.planted += 1
                if _covered(item, spans, doc.text):
                    tally.found += 1
                elif key == "ALL":
                    tally.missed.append(
                        f"{doc.id}: {item.entity} {doc.text[item.start : item.end]!r}"
                    )
        for span in spans:
            right = any(span.start < p.end and p.start < span.end for p in doc.planted)
            for key in (span.entity, "ALL"):
                tally = tallies.setdefault(key, Tally())
                tally.proposed += 1
                tally.right += right
                if not right and key == "ALL":
                    tally.wrong.append(
                        f"{doc.id}: {span.entity} {doc.text[span.start : span.end]!r}"
                    )
    return tallies
