"""Which bail conditions bind a person on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from foursight.cases.models import Party
from foursight.prosecution.actions import RecordStep, record_step
from foursight.prosecution.conditions import conditions_in_force
from tests.conftest import World


def _add(world: World, body: dict[str, Any]) -> None:
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    record_step(world.users["officer_cn"], RecordStep(party.report_id, party.pk, body))


def test_bail_conditions_hold_until_the_bail_ends(world: World) -> None:
    person = world.persons["suspect_cn"].pk
    _add(world, {"kind": "arrest", "at": "2026-03-04T07:00:00+00:00", "offences": ["8Q"]})
    _add(
        world,
        {
            "kind": "bail",
            "on": "2026-03-04",
            "return_on": "2026-04-04",
            "conditions": [
                {"kind": "no_contact", "text": "No contact with Alice Walker"},
                {"kind": "curfew", "text": "Indoors 19:00-07:00", "ends_on": "2026-03-20"},
            ],
        },
    )
    assert conditions_in_force(person, date(2026, 3, 3)) == []
    assert [c.kind for c in conditions_in_force(person, date(2026, 3, 10))] == [
        "no_contact",
        "curfew",
    ]
    assert [c.kind for c in conditions_in_force(person, date(2026, 3, 25))] == ["no_contact"]
    assert conditions_in_force(person, date(2026, 4, 5)) == []  # answer date passed
    _add(world, {"kind": "rui", "on": "2026-03-28"})
    assert conditions_in_force(person, date(2026, 3, 30)) == []
