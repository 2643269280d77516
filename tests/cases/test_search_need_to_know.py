"""Report search matches only the parties the searcher may see, for every role.

The oracle restates the rule: on the Camden report the victim (WALKER) is seen by the
BCU, the STAC, her advocate and admin; the suspect (DENTON) by the BCU, the STAC, the
offender unit and admin. A surname the searcher may not see finds nothing.
"""

from __future__ import annotations

from itertools import product

from django.test import Client
from django.utils import timezone

from foursight.cases.models import AdvocateAssignment, Party
from foursight.people.access import visible_persons
from foursight.people.models import Person, ProtectedAccessGrant
from tests.conftest import ROLES, World

JUSTIFY = "Stalking case review"
SEES = {
    "Walker": {"officer_cn", "supervisor_cn", "stac", "advocate", "admin"},
    "Denton": {"officer_cn", "supervisor_cn", "stac", "pou", "admin"},
}


def _api(world: World, who: str) -> Client:
    return world.api(who, JUSTIFY if who in ("pou", "admin") else None)


def _page(world: World, who: str) -> Client:
    client = world.page(who)
    session = client.session
    session["justification"] = {"reason": JUSTIFY, "until": timezone.now().timestamp() + 600}
    session.save()
    return client


def test_api_search_by_surname(world: World) -> None:
    for who, surname in product(ROLES, SEES):
        response = _api(world, who).get("/api/v1/reports", {"q": surname})
        if who == "analyst":
            assert response.status_code == 404
            continue
        assert response.status_code == 200, response.content
        found = {r["id"] for r in response.json()["items"]}
        assert found == ({world.reports["cn"].pk} if who in SEES[surname] else set()), who


def test_page_search_by_surname(world: World) -> None:
    reference = world.reports["cn"].reference.encode()
    for who in ("officer_cn", "officer_ne", "stac", "pou", "advocate", "admin"):
        client = _page(world, who)
        for surname in SEES:
            response = client.get("/reports", {"q": surname})
            assert response.status_code == 200, who
            assert (reference in response.content) == (who in SEES[surname]), (who, surname)


def test_search_agrees_with_the_person_rule(world: World) -> None:
    """Every surname a role can find a report by belongs to a person it may open."""
    for who in SEES["Denton"] | SEES["Walker"]:
        user = world.users[who]
        visible = set(visible_persons(user).values_list("surname", flat=True))
        for person in world.persons.values():
            found = _api(world, who).get("/api/v1/reports", {"q": person.surname}).json()
            if found["count"]:
                assert person.surname in visible, (who, person.surname)


def test_advocate_finds_only_the_victims_referred_to_them(world: World) -> None:
    report = world.reports["cn"]
    other = Person.objects.create(first_names="Dana", surname="Price")
    Party.objects.create(report=report, person=other, role=Party.Role.VICTIM)
    client = _api(world, "advocate")
    assert client.get("/api/v1/reports", {"q": "Price"}).json()["count"] == 0
    AdvocateAssignment.objects.create(
        party=Party.objects.get(person=other),
        advocate=world.users["advocate"],
        consent_reference="C-2",
    )
    assert client.get("/api/v1/reports", {"q": "Price"}).json()["count"] == 1


def test_protected_person_found_only_with_a_grant(world: World) -> None:
    victim = world.persons["victim_cn"]
    Person.objects.filter(pk=victim.pk).update(protected=True)
    client = _api(world, "officer_cn")
    assert client.get("/api/v1/reports", {"q": "Walker"}).json()["count"] == 0
    ProtectedAccessGrant.objects.create(
        person=victim,
        user=world.users["officer_cn"],
        granted_by=world.users["supervisor_cn"],
        reason="allocated investigator",
    )
    assert client.get("/api/v1/reports", {"q": "Walker"}).json()["count"] == 1
