"""Attributing a counterpart identifier to a suspect: the command and its rules.

:class:`Attribute` is built once by the API (from its body) and the conduct page (from
its form) and handed to ``foursight.evidence.actions.attribute``, which checks that the
identifier is a counterpart in the report's evidence and the person a suspect on it. The
rules here need no database, so they are tested as plain functions:

* the identifier is given, and is compared in its normal form (E.164 for a phone number,
  lower case for an e-mail address or a handle);
* the suspect is a person named by number;
* the basis says why the identifier is the suspect's, in at least 5 characters (at most
  2000 are kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from foursight.core.importers.base import normalise_counterpart
from foursight.errors import InvalidInput

BASIS_LIMIT = 2000


@dataclass(frozen=True)
class Attribute:
    """``identifier`` (as given) is the suspect ``person_id``'s, because of ``basis``."""

    identifier: str
    person_id: int | None
    basis: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attribute:
        """The command from a body or a form; a person that is not a number is none."""
        person = data.get("person_id")
        if isinstance(person, str) and person.isdigit():
            person = int(person)
        return cls(
            identifier=str(data.get("identifier") or ""),
            person_id=person if isinstance(person, int) and not isinstance(person, bool) else None,
            basis=str(data.get("basis") or ""),
        )


def check_attribution(command: Attribute) -> Attribute:
    """The command with its text trimmed, or ``InvalidInput`` naming the first field wrong."""
    raw = command.identifier.strip()
    if not raw:
        raise InvalidInput("identifier: give the counterpart identifier", field="identifier")
    if command.person_id is None:
        raise InvalidInput("person_id: choose a suspect on this report", field="person_id")
    basis = command.basis.strip()
    if len(basis) < 5:
        raise InvalidInput(
            "basis: say why the identifier is the suspect's (at least 5 characters)", field="basis"
        )
    return replace(command, identifier=raw, basis=basis[:BASIS_LIMIT])


def counterpart(command: Attribute) -> str:
    """The identifier in the form the stored events use."""
    return normalise_counterpart(command.identifier.strip())
