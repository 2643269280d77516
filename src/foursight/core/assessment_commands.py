"""Recording a risk assessment: the command and the rules it meets before it is scored.

:class:`RecordAssessment` is built once by the API (from its body), the assessment page
(from the form), the demo and callers holding a mapping (``from_dict``) and handed to
``foursight.risk.actions.record_assessment``, which finds the report and the pair, builds
the scoring context and scores the answers with the instrument
(:func:`foursight.core.instruments.score`, which checks the answers and the judgement
against the instrument). The rules here need no database, so they are tested as plain
functions:

* the victim and the suspect are parties named by number;
* the answers are an object of question id to answer;
* "the victim is very frightened" is true or false;
* the undated occasions are a whole number, 0 or more;
* a judgement, when given, is ``{"level", "rationale"}`` in text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from foursight.core.instruments.context import Judgement
from foursight.errors import InvalidInput


def party_id(value: Any, field: str) -> int:
    """A party id from JSON or a form field; ``InvalidInput`` naming ``field`` otherwise."""
    if isinstance(value, bool):
        raise InvalidInput(f"{field}: expected a party id", field=field)
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{field}: expected a party id", field=field) from exc


@dataclass(frozen=True)
class RecordAssessment:
    """Answers to one instrument for a victim-suspect pair, with the officer's judgement."""

    instrument: str
    victim_party_id: int
    suspect_party_id: int
    answers: Mapping[str, Any] = field(default_factory=dict)
    judgement: Judgement | None = None
    victim_very_frightened: bool = False
    undated_occasions: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecordAssessment:
        """The command from a body or a form; the party numbers are read here."""
        raw = data.get("judgement")
        return cls(
            instrument=str(data.get("instrument") or ""),
            victim_party_id=party_id(data.get("victim_party_id"), "victim_party_id"),
            suspect_party_id=party_id(data.get("suspect_party_id"), "suspect_party_id"),
            answers=data.get("answers") or {},
            judgement=None if raw is None else Judgement.from_dict(raw),
            victim_very_frightened=data.get("victim_very_frightened", False),
            undated_occasions=data.get("undated_occasions", 0),
        )


def check_assessment(command: RecordAssessment) -> RecordAssessment:
    """The command, or ``InvalidInput`` naming the field of the first rule it breaks."""
    if not isinstance(command.answers, Mapping):
        raise InvalidInput("answers: expected an object of question id to answer", field="answers")
    if not isinstance(command.victim_very_frightened, bool):
        raise InvalidInput(
            "victim_very_frightened: expected true or false", field="victim_very_frightened"
        )
    undated = command.undated_occasions
    if not isinstance(undated, int) or isinstance(undated, bool) or undated < 0:
        raise InvalidInput(
            "undated_occasions: a whole number, 0 or more", field="undated_occasions"
        )
    return command
