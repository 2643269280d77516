"""Harassment reports flagged for review as stalking: API, the supervisor's page, roles."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from foursight.cases import actions as case_actions
from foursight.core.report_commands import UpdateReport
from foursight.evidence.models import Analysis
from foursight.risk.models import Assessment
from tests.conftest import World

WHY = "weekly review of harassment reports"
FOUR = {
    "four": {
        "fixated": {"indicated": True, "indicators": {"days_with_contact": 11}},
        "obsessive": {"indicated": False, "indicators": {}},
        "unwanted": {"indicated": True, "indicators": {"contacts_after_first_stop": 7}},
        "repeated": {"indicated": True, "indicators": {"occasions": 5}},
    }
}


def _harassment(world: World) -> int:
    """Re-record the CN report as harassment and give it a conduct analysis showing FOUR."""
    report = world.reports["cn"]
    case_actions.update_report(
        world.users["officer_cn"], report.pk, UpdateReport.from_dict({"offences": ["8L-2"]})
    )
    Analysis.objects.create(report=report, result=json.dumps(FOUR), computed_at=datetime.now(UTC))
    return report.pk


def test_supervisor_sees_the_flag_with_its_reason(world: World) -> None:
    report_id = _harassment(world)
    items = world.api("supervisor_cn").get("/api/v1/risk/stalking-reviews").json()
    assert [i["report_id"] for i in items] == [report_id]
    assert "fixated (days with contact 11)" in items[0]["reasons"][0]
    page = world.page("supervisor_cn").get("/").content.decode()
    assert "Harassment reports to review as stalking" in page
    assert "contacts after first stop 7" in page


def test_a_four_screen_alone_flags_and_stalking_reports_are_not_listed(world: World) -> None:
    report = world.reports["cn"]
    case_actions.update_report(
        world.users["officer_cn"], report.pk, UpdateReport.from_dict({"offences": ["8L"]})
    )
    victim = report.parties.get(role="victim")
    suspect = report.parties.get(role="suspect")
    Assessment.objects.create(
        report=report,
        victim=victim,
        suspect=suspect,
        instrument="four",
        definition_version="1.0",
        version=1,
        result={"outcomes": {"stalking_indicated": True}},
        assessor_name="pc_jones",
        assessed_at=datetime(2026, 3, 4, 10, tzinfo=UTC),
    )
    items = world.api("supervisor_cn").get("/api/v1/risk/stalking-reviews").json()
    assert items[0]["reasons"] == ["FOUR screen of 2026-03-04 by pc_jones: stalking indicated"]
    case_actions.update_report(
        world.users["officer_cn"], report.pk, UpdateReport.from_dict({"offences": ["8L", "8Q"]})
    )
    assert world.api("supervisor_cn").get("/api/v1/risk/stalking-reviews").json() == []


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("supervisor_cn", 200),
        ("admin", 200),
        ("officer_cn", 404),
        ("officer_ne", 404),
        ("stac", 404),
        ("pou", 404),
        ("advocate", 404),
        ("analyst", 404),
    ],
)
def test_role_matrix(world: World, who: str, status: int) -> None:
    _harassment(world)
    response = world.api(who, WHY).get("/api/v1/risk/stalking-reviews")
    assert response.status_code == status
    if status == 200:
        assert len(response.json()) == 1
    page = world.page(who).get("/").content.decode()
    assert ("Harassment reports to review as stalking" in page) is (who == "supervisor_cn")
