"""Every intake staff route against every role and unit.

The oracle restates the rules by hand: officers and supervisors triage their own BCU,
administrators everything (with a recorded justification); only writers change
anything; other roles are refused; records of another BCU are missing to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from foursight.intake import actions, victim
from foursight.intake.commands import AddDiaryEntry, SubmitInformation, SubmitOnlineReport
from foursight.intake.models import DiaryEntry, IntelligenceItem, OnlineReport
from tests.conftest import ROLES, World
from tests.intake.conftest import INFORMATION, REPORT, post

pytestmark = pytest.mark.django_db
JUSTIFY = "Triage of the public queue"
CN_WRITERS = {"officer_cn", "supervisor_cn", "admin"}
NON_WRITERS = {"stac", "pou", "advocate", "analyst"}


def expected_change(who: str) -> int:
    """A change to a CN record: writers of CN succeed, officer_ne finds nothing."""
    if who in CN_WRITERS:
        return 200
    return 404 if who == "officer_ne" else 403


def _online() -> OnlineReport:
    return actions.submit_online_report(
        SubmitOnlineReport.from_dict(dict(REPORT)), caller=f"matrix-{OnlineReport.objects.count()}"
    )


def _information() -> IntelligenceItem:
    return actions.submit_information(SubmitInformation.from_dict(dict(INFORMATION)))


def _graded() -> IntelligenceItem:
    item = _information()
    item.source_evaluation, item.assessment, item.handling = "2", "C", "P"
    item.sanitised = "Subject reported following a woman home."
    item.save()
    return item


def _entry(world: World) -> DiaryEntry:
    _, token, passcode = victim.create_access(world.users["officer_cn"], world.reports["cn"].pk)
    session, _ = victim.open_session(token, passcode, caller="matrix")
    return victim.add_diary_entry(
        session,
        AddDiaryEntry.from_dict(
            {"occurred_at": "2026-03-02T19:30:00+00:00", "what_happened": "At my door."}
        ),
    )


def _client(world: World, who: str) -> Client:
    return world.api(who, JUSTIFY)


@pytest.mark.parametrize("who", sorted(ROLES))
def test_triage_queue(world: World, who: str) -> None:
    _online()
    _information()
    response = _client(world, who).get("/api/v1/triage")
    if who in CN_WRITERS:
        assert response.status_code == 200
        kinds = {i["kind"] for i in response.json()["items"]}
        assert kinds == {"online_report", "information"}
    elif who == "officer_ne":
        assert response.status_code == 200 and response.json()["count"] == 0
    else:
        assert response.status_code == 403


ROUTES: dict[str, Callable[[World], tuple[str, str, dict[str, Any]]]] = {
    "accept_online": lambda w: ("post", f"/triage/online-reports/{_online().pk}/accept", {}),
    "read_information": lambda w: ("get", f"/intelligence/{_information().pk}", {}),
    "grade": lambda w: (
        "post",
        f"/intelligence/{_information().pk}/grade",
        {"source_evaluation": "2", "assessment": "C", "handling": "P", "sanitised": "x y"},
    ),
    "link": lambda w: (
        "post",
        f"/intelligence/{_graded().pk}/link",
        {"person_id": w.persons["suspect_cn"].pk},
    ),
    "close": lambda w: (
        "post",
        f"/intelligence/{_information().pk}/close",
        {"reason": "duplicate"},
    ),
    "accept_diary": lambda w: (
        "post",
        f"/diary/{_entry(w).pk}/accept",
        {"behaviours": ["turning_up"]},
    ),
    "query_diary": lambda w: ("post", f"/diary/{_entry(w).pk}/query", {"note": "When?"}),
    "give_access": lambda w: ("post", f"/reports/{w.reports['cn'].pk}/victim-access", {}),
    "list_access": lambda w: ("get", f"/reports/{w.reports['cn'].pk}/victim-access", {}),
    "revoke": lambda w: (
        "post",
        f"/victim-access/{victim.create_access(w.users['officer_cn'], w.reports['cn'].pk)[0].pk}"
        "/revoke",
        {},
    ),
}


@pytest.mark.parametrize("who", sorted(ROLES))
def test_staff_routes(world: World, who: str) -> None:
    client = _client(world, who)
    for route in sorted(ROUTES):
        method, path, body = ROUTES[route](world)
        if method == "get":
            response = client.get(f"/api/v1{path}")
        else:
            response = post(client, path, body)
        expected = expected_change(who)
        if route == "give_access" and expected == 200:
            expected = 201
        if method == "get" and who in NON_WRITERS:
            expected = 404 if route == "read_information" else 403
        assert response.status_code == expected, (route, who, response.content)


SEES_SUSPECT_CN = {"officer_cn", "supervisor_cn", "stac", "pou", "admin"}


@pytest.mark.parametrize("who", sorted(ROLES))
def test_person_intelligence(world: World, who: str) -> None:
    item = _graded()
    actions.link_information(world.users["officer_cn"], item.pk, world.persons["suspect_cn"].pk)
    _information()  # ungraded and unlinked: never shown on a person
    response = _client(world, who).get(
        f"/api/v1/persons/{world.persons['suspect_cn'].pk}/intelligence"
    )
    if who in SEES_SUSPECT_CN:
        assert response.status_code == 200, response.content
        rows = response.json()
        assert [r["reference"] for r in rows] == [item.reference]
        assert "what" not in rows[0] and rows[0]["grading"] == "2C P"
    else:
        assert response.status_code == 404


def test_public_routes_need_no_sign_in(world: World) -> None:
    assert post(Client(), "/public/reports", REPORT).status_code == 201
    assert post(Client(), "/public/information", INFORMATION).status_code == 201
