"""Shared fixtures: a small force with one report per BCU and a user per role.

App tests use the Django test client on the real database (SQLite, or PostgreSQL when
``DATABASE_URL`` points at it, as ``make test`` arranges).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from foursight.accounts.actions import issue_token
from foursight.accounts.models import Role, Unit, User
from foursight.cases import actions as case_actions
from foursight.cases import outcome_actions
from foursight.cases.models import AdvocateAssignment, Party, Report
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import CreateReport, SetOutcome
from foursight.people import actions as people_actions
from foursight.people.models import Person

ROLES = {
    "officer_cn": (Role.OFFICER, "CN"),
    "officer_ne": (Role.OFFICER, "NE"),
    "supervisor_cn": (Role.SUPERVISOR, "CN"),
    "stac": (Role.STAC, "MPS"),
    "pou": (Role.OFFENDER_UNIT, "MPS"),
    "advocate": (Role.ADVOCATE, "MPS"),
    "analyst": (Role.ANALYST, "MPS"),
    "admin": (Role.ADMIN, "MPS"),
}


@pytest.fixture(autouse=True)
def _data_dir_per_test(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests that touch the database keep evidence originals in a temporary data directory."""
    if not {"db", "transactional_db", "world"} & set(request.fixturenames):
        return
    settings = request.getfixturevalue("settings")
    settings.DATA_DIR = tmp_path_factory.mktemp("data")


@pytest.fixture
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    users: dict[str, User]
    reports: dict[str, Report]
    persons: dict[str, Person]

    def api(self, who: str, justification: str | None = None) -> Client:
        headers = {"Authorization": f"Bearer {issue_token(self.users[who])}"}
        if justification:
            headers["X-Justification"] = justification
        return Client(headers=headers)

    def page(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client


def make_user(name: str, role: str, unit: str) -> User:
    user = User.objects.create(username=name, role=role, unit=Unit.objects.get(code=unit))
    user.set_password("correct-horse-battery")
    user.save()
    return user


def _report(officer: User, unit: str, victim: Person, suspect: Person) -> Report:
    return case_actions.create_report(
        officer,
        CreateReport.from_dict(
            {
                "unit": unit,
                "reported_at": datetime(2026, 3, 1, 10, tzinfo=UTC),
                "channel": "online",
                "offences": ["8Q"],
                "summary": f"Repeated unwanted contact ({unit})",
                "victims": [{"person_id": victim.pk}],
                "suspects": [{"person_id": suspect.pk, "relationship": "ex_partner"}],
                "occasions": [
                    {
                        "started_at": datetime(2026, 2, 20, 21, tzinfo=UTC),
                        "behaviours": ["contacting"],
                        "source": "victim_statement",
                    }
                ],
            }
        ),
    )


@pytest.fixture
def world(db: None, fast_hashing: None) -> World:
    users = {name: make_user(name, role, unit) for name, (role, unit) in ROLES.items()}
    cn, ne = users["officer_cn"], users["officer_ne"]
    persons = {
        "victim_cn": people_actions.create_person(
            cn, CreatePerson.from_dict({"first_names": "Alice", "surname": "Walker"})
        ),
        "suspect_cn": people_actions.create_person(
            cn,
            CreatePerson.from_dict(
                {
                    "first_names": "Mark",
                    "surname": "Denton",
                    "date_of_birth": "1985-06",
                    "identifiers": [{"kind": "phone", "value": "07700 900456"}],
                }
            ),
        ),
        "victim_ne": people_actions.create_person(
            ne, CreatePerson.from_dict({"first_names": "Bella", "surname": "Okafor"})
        ),
        "suspect_ne": people_actions.create_person(
            ne, CreatePerson.from_dict({"first_names": "Carl", "surname": "Hume"})
        ),
    }
    reports = {
        "cn": _report(cn, "CN-CAMDEN", persons["victim_cn"], persons["suspect_cn"]),
        "ne": _report(ne, "NE-NEWHAM", persons["victim_ne"], persons["suspect_ne"]),
    }
    case_actions.refer_to_stac(cn, reports["cn"].pk, "high risk, repeated contact")
    victim_party = Party.objects.get(report=reports["cn"], role="victim")
    AdvocateAssignment.objects.create(
        party=victim_party, advocate=users["advocate"], consent_reference="C-1"
    )
    for key in ("cn", "ne"):
        officer = cn if key == "cn" else ne
        outcome_actions.set_outcome(officer, reports[key].pk, SetOutcome(code="15"))
    return World(users, reports, persons)
