"""The review form without JavaScript: proposals as checkboxes, additions as words or offsets.

Each proposal travels as a hidden ``proposal`` field ``start:end:entity:score``; a ticked
``accept`` box (by its index) accepts it, an unticked one rejects it. The officer adds
spans by words (every occurrence, one word or phrase a line) or by offsets (``start-end``
a line, which the page's script fills in from a selection).
"""

from __future__ import annotations

import re
from typing import Any

from foursight.core.redaction import Span
from foursight.disclosure.actions import Decision
from foursight.errors import InvalidInput

_OFFSETS = re.compile(r"^\s*(-?\d+)\s*[-\u2013:,]\s*(-?\d+)\s*$")


def posted_proposals(values: list[str]) -> list[Span]:
    """The proposals carried through the review form (``start:end:entity:score``)."""
    out = []
    for index, value in enumerate(values):
        parts = value.split(":")
        try:
            start, end, entity, score = int(parts[0]), int(parts[1]), parts[2], float(parts[3])
        except (IndexError, ValueError) as exc:
            raise InvalidInput(f"proposal {index}: not a proposal", field="proposal") from exc
        out.append(Span(start, end, entity, score))
    return out


def decisions(post: Any, text: str) -> tuple[Decision, ...]:
    """The officer's decisions from the posted review form."""
    proposals = posted_proposals(post.getlist("proposal"))
    accepted = {v for v in post.getlist("accept")}
    out = [
        Decision(
            p.start, p.end, p.entity, "accepted" if str(i) in accepted else "rejected", p.score
        )
        for i, p in enumerate(proposals)
    ]
    for number, line in enumerate(str(post.get("add_offsets", "")).splitlines(), start=1):
        if not line.strip():
            continue
        match = _OFFSETS.match(line)
        if match is None:
            raise InvalidInput(
                f"add_offsets: line {number} is not start-end (for example 10-22)",
                field="add_offsets",
            )
        out.append(Decision(int(match.group(1)), int(match.group(2)), "OTHER", "added"))
    for line in str(post.get("add_words", "")).splitlines():
        word = " ".join(line.split())
        if not word:
            continue
        pattern = re.compile(
            r"(?<!\w)" + r"\s+".join(re.escape(w) for w in word.split()) + r"(?!\w)", re.I
        )
        hits = list(pattern.finditer(text))
        if not hits:
            raise InvalidInput(f"add_words: {word!r} is not in the text", field="add_words")
        out.extend(Decision(m.start(), m.end(), "OTHER", "added") for m in hits)
    return tuple(out)


def segments(text: str, spans: list[Span]) -> list[dict[str, Any]]:
    """The text cut into plain runs and proposals, for highlighting (offsets kept)."""
    out: list[dict[str, Any]] = []
    pos = 0
    for index, span in enumerate(sorted(spans)):
        if span.start < pos:
            continue
        if span.start > pos:
            out.append({"text": text[pos : span.start], "start": pos, "mark": None})
        out.append({"text": text[span.start : span.end], "start": span.start, "mark": index})
        pos = span.end
    if pos < len(text):
        out.append({"text": text[pos:], "start": pos, "mark": None})
    return out
