"""Where target lists come from: the outstanding-suspects list and the highest-harm list.

The highest-harm list belongs to the offenders app; when it provides
``foursight.offenders.ranking.highest_harm_person_ids(user, limit, bcu_id, justification)``
it is used, otherwise the source is refused with a message saying so.
"""

from __future__ import annotations

import importlib
from typing import Any

from foursight.accounts.models import Unit, User
from foursight.errors import InvalidInput
from foursight.operations import access

SOURCES = ("outstanding_suspects", "highest_harm")


def highest_harm_provider() -> Any:
    """The offenders app's ranking function, or ``None`` when it is not installed."""
    try:
        module = importlib.import_module("foursight.offenders.ranking")
    except ImportError:
        return None
    return getattr(module, "highest_harm_person_ids", None)


def candidates(
    actor: User, source: str, limit: int, bcu: Unit | None, *, justification: str = ""
) -> list[int]:
    """Person ids from a list, best first, at most ``limit``, optionally within one BCU."""
    if source == "outstanding_suspects":
        parties = access.outstanding_suspects(actor, justification=justification)
        if bcu is not None:
            parties = parties.filter(report__unit__parent_id=bcu.pk) | parties.filter(
                report__unit_id=bcu.pk
            )
        out: list[int] = []
        for person_id in parties.values_list("person_id", flat=True):
            if person_id not in out:
                out.append(person_id)
            if len(out) >= limit:
                break
        return out
    if source == "highest_harm":
        provider = highest_harm_provider()
        if provider is None:
            raise InvalidInput(
                "source: the highest-harm list is not available on this system", field="source"
            )
        ids = provider(
            actor, limit=limit, bcu_id=bcu.pk if bcu else None, justification=justification
        )
        return [int(i) for i in ids][:limit]
    raise InvalidInput(f"source: one of {', '.join(SOURCES)}", field="source")
