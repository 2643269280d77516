"""Where target lists come from: the outstanding-suspects list and the highest-harm list.

The highest-harm list belongs to the offenders app: its latest stored ranking for the
BCU (or the force), read through its gatekeeper ``harm_scope_for``, gives offenders in
rank order, and each offender's most recent suspect mention gives the person to target.
Without a stored ranking the source is refused with a message saying so.
"""

from __future__ import annotations

import importlib

from foursight.accounts.models import Unit, User
from foursight.core.operation_commands import TARGET_LISTS
from foursight.errors import InvalidInput
from foursight.operations import access
from foursight.people.access import visible_persons

SOURCES = TARGET_LISTS


def highest_harm_person_ids(
    actor: User, limit: int, bcu: Unit | None, *, justification: str = ""
) -> list[int]:
    """Persons behind the latest highest-harm ranking, in rank order, that the user may see."""
    try:
        access_mod = importlib.import_module("foursight.offenders.access")
        ranking_mod = importlib.import_module("foursight.offenders.ranking_actions")
    except ImportError as exc:
        raise InvalidInput(
            "source: the highest-harm list is not available on this system", field="source"
        ) from exc
    unit = access_mod.harm_scope_for(actor, bcu.code if bcu else None, justification=justification)
    ranking = ranking_mod.latest_ranking(unit)
    if ranking is None:
        raise InvalidInput(
            "source: no highest-harm list has been made yet for this scope",
            field="source",
        )
    visible = set(visible_persons(actor).values_list("pk", flat=True))
    out: list[int] = []
    for entry in ranking.entries.order_by("rank").select_related("offender"):
        mentions = entry.offender.mentions.order_by("-report__reported_at")
        for person_id in mentions.values_list("person_id", flat=True):
            if person_id in visible and person_id not in out:
                out.append(person_id)
                break
        if len(out) >= limit:
            break
    return out


def candidates(
    actor: User, source: str, limit: int, bcu: Unit | None, *, justification: str = ""
) -> list[int]:
    """Person ids from a list, best first, at most ``limit``, optionally within one BCU."""
    if source == "outstanding_suspects":
        # build_targets' own entry names the list and the persons it added
        parties = access.outstanding_suspects(actor, justification=justification, audit=False)
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
        return highest_harm_person_ids(actor, limit, bcu, justification=justification)
    raise InvalidInput(f"source: one of {', '.join(SOURCES)}", field="source")
