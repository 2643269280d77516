"""Every API route and page against every role and unit.

The oracle below restates the need-to-know rules independently of ``access.py``; a
route that lets a record reach a role the rules do not allow fails here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import ROLES, World

JUSTIFY = "Operation Nightjar target review"
WRITERS = {"officer_cn", "officer_ne", "supervisor_cn", "admin"}

# Who may open each report and person (the rules, written out by hand).
REPORT_READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "advocate", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
}
PERSON_READERS = {
    "victim_cn": {"officer_cn", "supervisor_cn", "stac", "advocate", "admin"},
    "suspect_cn": {"officer_cn", "supervisor_cn", "stac", "pou", "admin"},
    "victim_ne": {"officer_ne", "admin"},
    "suspect_ne": {"officer_ne", "pou", "admin"},
}


def _call(
    world: World, who: str, method: str, path: str, body: dict[str, Any] | None = None
) -> Any:
    client = world.api(who, JUSTIFY if who in ("pou", "admin") else None)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


REPORT_READS = ["/reports/{id}", "/reports/{id}/occasions", "/reports/{id}/outcome"]
REPORT_WRITES = [
    ("patch", "/reports/{id}", {"summary": "updated"}),
    (
        "post",
        "/reports/{id}/occasions",
        {"started_at": "2026-02-21T08:00:00Z", "behaviours": ["loitering"]},
    ),
    (
        "put",
        "/reports/{id}/outcome",
        {"code": "1", "charge": "Stalking", "charged_on": "2026-03-05"},
    ),
    ("post", "/reports/{id}/stac-referral", {"reason": "escalating threats"}),
]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("path", REPORT_READS)
def test_report_reads(world: World, who: str, key: str, path: str) -> None:
    response = _call(world, who, "get", path.format(id=world.reports[key].pk))
    expected = 200 if who in REPORT_READERS[key] else 404
    assert response.status_code == expected, response.content
    if expected == 404:
        assert response.json()["error"]["code"] == "not_found"
        assert world.reports[key].reference.encode() not in response.content


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize(("method", "path", "body"), REPORT_WRITES)
def test_report_writes(
    world: World, who: str, key: str, method: str, path: str, body: dict[str, Any]
) -> None:
    response = _call(world, who, method, path.format(id=world.reports[key].pk), body)
    if who not in WRITERS:
        assert response.status_code in (403, 404), response.content
    elif who in REPORT_READERS[key]:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == 404, response.content


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_add_party_and_advocate(world: World, who: str, key: str) -> None:
    report = world.reports[key]
    officer = "officer_cn" if key == "cn" else "officer_ne"
    mine = world.persons["suspect_cn" if key == "cn" else "suspect_ne"]
    response = _call(
        world,
        who,
        "post",
        f"/reports/{report.pk}/parties",
        {"person_id": mine.pk, "role": "witness"},
    )
    if who not in WRITERS:
        assert response.status_code == 403
    elif who in REPORT_READERS[key]:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 404
    party = report.parties.get(role="victim")
    body = {"party_id": party.pk, "advocate": "advocate", "consent_reference": "C-77"}
    response = _call(world, who, "post", f"/reports/{report.pk}/advocates", body)
    assert response.status_code == (
        201 if who in WRITERS and who in REPORT_READERS[key] else 403 if who not in WRITERS else 404
    )
    assert officer in ROLES


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", list(PERSON_READERS))
def test_person_read_and_update(world: World, who: str, key: str) -> None:
    person = world.persons[key]
    response = _call(world, who, "get", f"/persons/{person.pk}")
    readable = who in PERSON_READERS[key]
    assert response.status_code == (200 if readable else 404), response.content
    if not readable:
        assert person.surname.encode() not in response.content
    response = _call(world, who, "patch", f"/persons/{person.pk}", {"gender": "female"})
    if who not in WRITERS:
        assert response.status_code == 403
    else:
        assert response.status_code == (200 if readable else 404), response.content


@pytest.mark.parametrize("who", list(ROLES))
def test_lists_hold_only_visible_records(world: World, who: str) -> None:
    reports = _call(world, who, "get", "/reports")
    persons = _call(world, who, "get", "/persons")
    if who == "analyst":
        assert reports.status_code == 404 and persons.status_code == 404
        return
    assert reports.status_code == 200 and persons.status_code == 200
    got_reports = {item["reference"] for item in reports.json()["items"]}
    allowed = {
        world.reports[k].reference for k, readers in REPORT_READERS.items() if who in readers
    }
    assert got_reports == allowed
    assert reports.json()["count"] == len(allowed)
    got_persons = {item["id"] for item in persons.json()["items"]}
    assert got_persons == {
        world.persons[k].pk for k, readers in PERSON_READERS.items() if who in readers
    }


@pytest.mark.parametrize("who", list(ROLES))
def test_report_parts_follow_need_to_know(world: World, who: str) -> None:
    if who not in REPORT_READERS["cn"]:
        return
    body = _call(world, who, "get", f"/reports/{world.reports['cn'].pk}").json()
    suspects = {p["name"] for p in body["suspects"]}
    victims = {p["name"] for p in body["victims"]}
    assert body["victim_count"] == 1
    assert suspects == (set() if who == "advocate" else {"Mark DENTON"})
    assert victims == (set() if who == "pou" else {"Alice WALKER"})


@pytest.mark.parametrize("who", ["pou", "admin"])
def test_force_wide_roles_need_a_justification(world: World, who: str) -> None:
    client = world.api(who)
    for path in (f"/api/v1/reports/{world.reports['ne'].pk}", "/api/v1/reports", "/api/v1/persons"):
        response = client.get(path)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "justification_required"


@pytest.mark.parametrize("who", list(ROLES))
def test_creates(world: World, who: str) -> None:
    person = _call(world, who, "post", "/persons", {"surname": "New"})
    report = _call(
        world,
        who,
        "post",
        "/reports",
        {"unit": "CN-ISLINGTON", "channel": "online", "offences": ["8L"]},
    )
    if who not in WRITERS:
        assert person.status_code == 403 and report.status_code == 403
        return
    assert person.status_code == 201
    # officers and supervisors record reports only in their own BCU
    assert report.status_code == (400 if who == "officer_ne" else 201), report.content


PAGES = ["/reports/{report}", "/persons/{person}"]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_pages(world: World, who: str, key: str) -> None:
    client = world.page(who)
    if who in ("pou", "admin"):
        assert client.post("/purpose", {"reason": JUSTIFY, "next": "/"}).status_code == 302
    report = world.reports[key]
    response = client.get(f"/reports/{report.pk}")
    assert response.status_code == (200 if who in REPORT_READERS[key] else 404)
    for pkey in (f"victim_{key}", f"suspect_{key}"):
        response = client.get(f"/persons/{world.persons[pkey].pk}")
        assert response.status_code == (200 if who in PERSON_READERS[pkey] else 404)
    listing = client.get("/reports", {"q": ""})
    assert listing.status_code == 200
    shown = report.reference.encode() in listing.content
    assert shown == (who in REPORT_READERS[key])


def test_pages_need_login(world: World) -> None:
    from django.test import Client

    for path in ("/", "/reports", f"/reports/{world.reports['cn'].pk}", "/persons"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login")
