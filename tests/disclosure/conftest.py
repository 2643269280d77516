"""Disclosure tests: a private originals store, no worker thread, a text exhibit on CN."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from foursight.core.person_commands import CreatePerson
from foursight.evidence.models import Exhibit
from foursight.people import actions as people_actions
from tests.conftest import World

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "evidence"
EXHIBIT_FILE = FIXTURES.parent / "redaction" / "whatsapp-disclosure.txt"
JUSTIFY = "Disclosure review for the CPS"


@pytest.fixture(autouse=True)
def evidence_store(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    return Path(settings.DATA_DIR)


@dataclass
class Case:
    report_id: int
    exhibit_id: int
    exhibit_sha: str
    other_report_id: int


@pytest.fixture
def case(world: World) -> Case:
    """The CN report with a witness (with a phone) and a WhatsApp text exhibit."""
    from foursight.cases.models import Party

    report = world.reports["cn"]
    witness = people_actions.create_person(
        world.users["officer_cn"],
        CreatePerson.from_dict(
            {
                "first_names": "Priya",
                "surname": "Shah",
                "date_of_birth": "2019-09-30",
                "identifiers": [{"kind": "phone", "value": "07700 900555"}],
            }
        ),
    )
    Party.objects.create(report=report, person=witness, role=Party.Role.WITNESS)
    with open(EXHIBIT_FILE, "rb") as handle:
        response = world.api("officer_cn").post(
            f"/api/v1/reports/{report.pk}/exhibits",
            data={
                "exhibit": "AR/1",
                "victim_ids": ["Alice W"],
                "tz": "Europe/London",
                "locale": "en_GB",
                "file": handle,
            },
        )
    assert response.status_code == 201, response.content
    exhibit = Exhibit.objects.get(report=report, reference="AR/1")
    return Case(report.pk, exhibit.pk, exhibit.original.sha256, world.reports["ne"].pk)
