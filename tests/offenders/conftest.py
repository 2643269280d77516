"""Offender fixtures: the shared world plus one repeat offender across CN and NE.

The linkage model is trained once per session on the core's synthetic population and
stored in each test's database, so a link run here takes well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from foursight.cases import actions as case_actions
from foursight.cases.models import Report
from foursight.core.linkage import ModelParams, generate_mentions, run_linkage
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import CreateReport
from foursight.offenders.actions import save_model
from foursight.offenders.matching import reset_index
from foursight.people import actions as people_actions
from foursight.people.models import Person
from tests.conftest import World

PRICE = {
    "date_of_birth": "1979-03-14",
    "identifiers": [
        {"kind": "phone", "value": "07700 900111"},
        {"kind": "email", "value": "dan.price@example.com"},
    ],
}
#: All the fixture's reports fall on one day a month ago: inside every window and month.
REPORTED = (datetime.now(UTC) - timedelta(days=30)).replace(hour=10, minute=0)
# (key, unit, first names, surname, extra) - the first three are the same man.
SUSPECTS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("price1", "CN-CAMDEN", "Daniel", "Price", PRICE),
    ("price2", "CN-CAMDEN", "Danny", "Price", PRICE),
    ("price3", "NE-NEWHAM", "Daniel", "Pryce", PRICE),
    ("other1", "CN-CAMDEN", "Olu", "Adeyemi", {"date_of_birth": "1990-11-02"}),
    ("other2", "NE-NEWHAM", "Kasia", "Nowak", {"date_of_birth": "1988-07-21"}),
]


@pytest.fixture(scope="session")
def params() -> ModelParams:
    population = generate_mentions(3000, seed=11).drop_columns(["person_truth"])
    return run_linkage(population).params


@dataclass
class Linked:
    world: World
    reports: dict[str, Report] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)

    def add_report(
        self, key: str, unit: str, first: str, surname: str, extra: dict[str, Any]
    ) -> Report:
        officer = self.world.users["officer_cn" if unit.startswith("CN") else "officer_ne"]
        victim = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": "Vic", "surname": f"Tim{key}"})
        )
        suspect = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": first, "surname": surname, **extra})
        )
        report = case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": unit,
                    "reported_at": REPORTED + timedelta(minutes=len(self.reports)),
                    "channel": "online",
                    "offences": ["8Q", "8R"],
                    "victims": [{"person_id": victim.pk}],
                    "suspects": [{"person_id": suspect.pk, "relationship": "ex_partner"}],
                }
            ),
        )
        self.reports[key], self.persons[key] = report, suspect
        return report


@pytest.fixture
def linked(world: World, params: ModelParams) -> Linked:
    """The world, five more reports (three by one man), a stored model; not yet linked."""
    reset_index()
    save_model(params, "synthetic")
    out = Linked(world)
    for key, unit, first, surname, extra in SUSPECTS:
        out.add_report(key, unit, first, surname, extra)
    case_actions.refer_to_stac(
        world.users["officer_cn"], out.reports["price1"].pk, "repeat offender, escalating"
    )
    return out
