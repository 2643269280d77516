"""Protected persons: visible only with a grant; grants by supervisors, audited."""

from __future__ import annotations

import json

from foursight.audit.models import AuditEntry
from foursight.people.models import Person
from tests.conftest import World


def _grant(world: World, who: str, person: Person, username: str) -> int:
    client = world.api(who, "protecting a witness" if who in ("pou", "admin") else None)
    body = json.dumps({"username": username, "reason": "allocated investigator"})
    return client.post(
        f"/api/v1/persons/{person.pk}/grants", data=body, content_type="application/json"
    ).status_code


def test_protected_victim_hidden_until_granted(world: World) -> None:
    victim = world.persons["victim_cn"]
    Person.objects.filter(pk=victim.pk).update(protected=True)
    supervisor = world.api("supervisor_cn")
    assert supervisor.get(f"/api/v1/persons/{victim.pk}").status_code == 404
    report = supervisor.get(f"/api/v1/reports/{world.reports['cn'].pk}").json()
    assert report["victims"] == [
        {
            "party_id": report["victims"][0]["party_id"],
            "role": "victim",
            "relationship": "",
            "relationship_name": "",
            "person_id": None,
            "name": "Protected person",
            "date_of_birth": "",
            "protected": True,
        }
    ]
    page = world.page("supervisor_cn").get(f"/reports/{world.reports['cn'].pk}")
    assert b"Protected person" in page.content and b"WALKER" not in page.content
    # an officer may not grant; a supervisor of the BCU may, even before seeing the person
    assert _grant(world, "officer_cn", victim, "officer_cn") == 403
    assert _grant(world, "supervisor_cn", victim, "officer_cn") == 201
    assert world.api("officer_cn").get(f"/api/v1/persons/{victim.pk}").status_code == 200
    assert world.api("supervisor_cn").get(f"/api/v1/persons/{victim.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="access_granted", object_id=str(victim.pk)).exists()


def test_supervisor_of_another_bcu_cannot_grant(world: World) -> None:
    victim = world.persons["victim_ne"]
    Person.objects.filter(pk=victim.pk).update(protected=True)
    assert _grant(world, "supervisor_cn", victim, "supervisor_cn") == 404


def test_analyst_sees_aggregates_only(world: World) -> None:
    page = world.page("analyst").get("/")
    assert page.status_code == 200
    assert b"Reports per month by BCU" in page.content
    assert world.reports["cn"].reference.encode() not in page.content
    assert b"WALKER" not in page.content


def test_only_admin_creates_users(world: World) -> None:
    body = json.dumps(
        {"username": "new.officer", "role": "officer", "unit": "CN", "password": "long-enough-pw"}
    )
    for who, expected in (("officer_cn", 403), ("supervisor_cn", 403), ("admin", 201)):
        response = world.api(who).post("/api/v1/users", data=body, content_type="application/json")
        assert response.status_code == expected
    bad = json.dumps(
        {"username": "x.y", "role": "officer", "unit": "MPS", "password": "long-enough-pw"}
    )
    response = world.api("admin").post("/api/v1/users", data=bad, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "unit"
