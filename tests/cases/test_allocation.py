"""A report is allocated only to someone who can open it and work on it.

The oracle for the Camden report: its BCU's officer and supervisor and admin may hold it;
Newham's officer cannot open it; the STAC and the offender unit may read it but not work
on it; an advocate and an analyst cannot open it.
"""

from __future__ import annotations

import json

import pytest

from foursight.cases.models import Report
from tests.conftest import ROLES, World

ALLOCATABLE = {"officer_cn", "supervisor_cn", "admin"}


def _patch(world: World, report: Report, username: str | None) -> tuple[int, dict[str, object]]:
    response = world.api("supervisor_cn").patch(
        f"/api/v1/reports/{report.pk}",
        data=json.dumps({"allocated_officer": username}),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_api_allocation_by_role(world: World) -> None:
    report = world.reports["cn"]
    for candidate in ROLES:
        before = Report.objects.get(pk=report.pk).allocated_officer_id
        status, body = _patch(world, report, candidate)
        after = Report.objects.get(pk=report.pk).allocated_officer_id
        if candidate in ALLOCATABLE:
            assert status == 200, body
            assert body["allocated_officer"] == candidate
            assert after == world.users[candidate].pk
        else:
            assert status == 400, body
            error = body["error"]
            assert isinstance(error, dict)
            assert error["field"] == "allocated_officer"
            assert candidate in str(error["message"])
            assert after == before


def test_unallocate_and_inactive_user(world: World) -> None:
    report = world.reports["cn"]
    assert _patch(world, report, None)[0] == 200
    assert Report.objects.get(pk=report.pk).allocated_officer is None
    officer = world.users["officer_cn"]
    officer.is_active = False
    officer.save()
    status, _ = _patch(world, report, "officer_cn")
    assert status == 400 and Report.objects.get(pk=report.pk).allocated_officer is None


def test_api_create_allocated(world: World) -> None:
    for candidate in ("officer_ne", "advocate", "officer_cn"):
        body = {
            "unit": "CN-CAMDEN",
            "channel": "online",
            "offences": ["8Q"],
            "allocated_officer": candidate,
        }
        response = world.api("officer_cn").post(
            "/api/v1/reports", data=json.dumps(body), content_type="application/json"
        )
        if candidate == "officer_cn":
            assert response.status_code == 201
            assert response.json()["allocated_officer"] == "officer_cn"
        else:
            assert response.status_code == 400, candidate
            assert response.json()["error"]["field"] == "allocated_officer"
            assert Report.objects.count() == 2  # the two of the world, nothing new


def test_page_allocation(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("supervisor_cn")
    page = client.get(f"/reports/{report.pk}")
    assert b'action="/reports/%d/allocation"' % report.pk in page.content
    refused = client.post(f"/reports/{report.pk}/allocation", {"allocated_officer": "analyst"})
    assert refused.status_code == 400
    assert b"analyst cannot open this report" in refused.content
    assert Report.objects.get(pk=report.pk).allocated_officer == world.users["officer_cn"]
    done = client.post(f"/reports/{report.pk}/allocation", {"allocated_officer": "supervisor_cn"})
    assert done.status_code == 302
    assert Report.objects.get(pk=report.pk).allocated_officer == world.users["supervisor_cn"]
    stac = world.page("stac").post(
        f"/reports/{report.pk}/allocation", {"allocated_officer": "stac"}
    )
    assert stac.status_code == 403
    assert b"allocation" not in world.page("stac").get(f"/reports/{report.pk}").content


READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "advocate", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
}
WRITERS = {"officer_cn", "officer_ne", "supervisor_cn", "admin"}


@pytest.mark.parametrize("key", ["cn", "ne"])
def test_allocation_page_by_role_and_unit(world: World, key: str) -> None:
    """Who may allocate: writers who can open the report; to the report's own officer."""
    report = world.reports[key]
    officer = world.users[f"officer_{key}"]
    for who in ROLES:
        client = world.page(who)
        if who in ("pou", "admin"):
            client.post("/purpose", {"reason": "Case allocation review", "next": "/"})
        Report.objects.filter(pk=report.pk).update(allocated_officer=None)
        response = client.post(
            f"/reports/{report.pk}/allocation", {"allocated_officer": officer.username}
        )
        if who not in WRITERS:
            expected = 403
        else:
            expected = 302 if who in READERS[key] else 404
        assert response.status_code == expected, who
        holder = Report.objects.get(pk=report.pk).allocated_officer
        assert holder == (officer if expected == 302 else None), who
