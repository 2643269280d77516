"""Every offender route and page against every role and unit.

The oracle restates the need-to-know rules by hand (docs/offenders.md), independently of
``offenders/access.py``. One linked world per test; every role is checked inside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from foursight.offenders import actions
from foursight.offenders.models import Decision, Edge, HarmRanking, LinkRun, Mention
from foursight.offenders.ranking_actions import refresh_harm
from tests.conftest import ROLES
from tests.offenders.conftest import Linked

JUSTIFY = "Operation Nightjar target review"
FORCE = {"pou", "admin"}
OFFENDER_READERS = {
    "price1": {"officer_cn", "officer_ne", "supervisor_cn", "stac", "pou", "admin"},
    "suspect_cn": {"officer_cn", "supervisor_cn", "stac", "pou", "admin"},
    "suspect_ne": {"officer_ne", "pou", "admin"},
}
MATCH_READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
    "price3": {"officer_ne", "pou", "admin"},
}
HARM_READERS = {  # no BCU: the force for force roles, their own BCU for officers
    "": {"officer_cn", "officer_ne", "supervisor_cn"} | FORCE,
    "CN": {"officer_cn", "supervisor_cn"} | FORCE,
    "NE": {"officer_ne"} | FORCE,
}
INSIGHT_READERS = {"supervisor_cn", "analyst", "admin"}


@pytest.fixture
def ready(linked: Linked) -> Linked:
    linked.add_report("lone", "CN-CAMDEN", "Daniel", "Price", {})
    actions.link_run(None)
    refresh_harm(None)
    return linked


def _code(linked: Linked, key: str) -> str:
    person = linked.persons.get(key) or linked.world.persons[key]
    offender = Mention.objects.select_related("offender").get(person=person).offender
    assert offender is not None
    return offender.code


def _report_id(linked: Linked, key: str) -> int:
    report = linked.reports.get(key) or linked.world.reports[key]
    return report.pk


def _api(linked: Linked, who: str, method: str, path: str, body: Any = None) -> Any:
    client = linked.world.api(who, JUSTIFY if who in FORCE else None)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(f"/api/v1{path}", data=data, content_type="application/json")


def _page(linked: Linked, who: str) -> Client:
    client = linked.world.page(who)
    if who in FORCE:
        client.post("/purpose", {"reason": JUSTIFY, "next": "/"})
    return client


def _each_role(check: Callable[[str], tuple[int, set[int]]], readers: set[str]) -> None:
    for who in ROLES:
        status, allowed = check(who)
        expected = "allowed" if who in readers else "refused"
        assert (status in allowed) == (who in readers), f"{who}: {status} but {expected}"


def _get(linked: Linked, path: str) -> Callable[[str], tuple[int, set[int]]]:
    def check(who: str) -> tuple[int, set[int]]:
        response = _api(linked, who, "get", path)
        if response.status_code == 404:
            assert response.json()["error"]["code"] == "not_found"
        return response.status_code, {200}

    return check


def test_offender_list(ready: Linked) -> None:
    _each_role(_get(ready, "/offenders"), set().union(*OFFENDER_READERS.values()))
    codes = {
        who: {o["id"] for o in _api(ready, who, "get", "/offenders").json()["items"]}
        for who in ("officer_cn", "officer_ne", "stac")
    }
    assert _code(ready, "suspect_ne") not in codes["officer_cn"] | codes["stac"]
    assert _code(ready, "suspect_cn") not in codes["officer_ne"]
    assert _code(ready, "price1") in codes["officer_cn"] & codes["officer_ne"] & codes["stac"]


@pytest.mark.parametrize("key", list(OFFENDER_READERS))
def test_offender_api(ready: Linked, key: str) -> None:
    _each_role(_get(ready, f"/offenders/{_code(ready, key)}"), OFFENDER_READERS[key])


@pytest.mark.parametrize("key", list(MATCH_READERS))
def test_report_matches_api(ready: Linked, key: str) -> None:
    _each_role(_get(ready, f"/reports/{_report_id(ready, key)}/matches"), MATCH_READERS[key])


@pytest.mark.parametrize("bcu", list(HARM_READERS))
def test_harm_top_api(ready: Linked, bcu: str) -> None:
    _each_role(_get(ready, f"/harm/top?bcu={bcu}"), HARM_READERS[bcu])


def test_insight_api(ready: Linked) -> None:
    _each_role(_get(ready, "/insights/repeat-offending"), INSIGHT_READERS)


def test_review_routes(ready: Linked) -> None:
    edge = Edge.objects.filter(status="review").first()
    assert edge is not None
    _each_role(_get(ready, "/linkage/review"), FORCE)
    _each_role(_get(ready, f"/linkage/review/{edge.pk}"), FORCE)
    _each_role(_get(ready, "/linkage/runs/latest"), FORCE)

    def decide(who: str) -> tuple[int, set[int]]:
        body = {"kind": "cannot_link", "reason": f"reviewed by {who}"}
        return _api(ready, who, "post", f"/linkage/review/{edge.pk}/decision", body).status_code, {
            201
        }

    _each_role(decide, FORCE)
    assert set(Decision.objects.values_list("reviewer__username", flat=True)) == {"admin"}


def test_run_and_refresh_routes(ready: Linked) -> None:
    runs, rankings = LinkRun.objects.count(), HarmRanking.objects.count()

    def start(who: str) -> tuple[int, set[int]]:
        return _api(ready, who, "post", "/linkage/runs").status_code, {201}

    def refresh(who: str) -> tuple[int, set[int]]:
        return _api(ready, who, "post", "/harm/refresh", {}).status_code, {201}

    _each_role(start, FORCE)
    _each_role(refresh, FORCE)
    assert LinkRun.objects.count() == runs + 2
    assert HarmRanking.objects.count() == 3 * rankings  # the fixture's, then one per caller


def test_harm_scope_follows_the_role(ready: Linked) -> None:
    scopes = {
        who: _api(ready, who, "get", "/harm/top").json()["ranking"]["scope"]
        for who in ("officer_cn", "officer_ne", "pou")
    }
    assert scopes == {"officer_cn": "CN", "officer_ne": "NE", "pou": "force"}


def test_force_roles_give_a_reason(ready: Linked) -> None:
    code = _code(ready, "price1")
    for path in (f"/offenders/{code}", "/offenders", "/linkage/review", "/harm/top"):
        response = ready.world.api("pou").get(f"/api/v1{path}")
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "justification_required"


PAGES = [
    ("/offenders", set().union(*OFFENDER_READERS.values())),
    ("/offenders/{price1}", OFFENDER_READERS["price1"]),
    ("/offenders/{suspect_ne}", OFFENDER_READERS["suspect_ne"]),
    ("/linkage/review", FORCE),
    ("/linkage/review/{edge}", FORCE),
    ("/harm", {"officer_cn", "officer_ne", "supervisor_cn"} | FORCE),
    ("/harm?bcu=NE", HARM_READERS["NE"]),
    ("/insights/repeat-offending", INSIGHT_READERS),
]


@pytest.mark.parametrize(("path", "readers"), PAGES)
def test_pages(ready: Linked, path: str, readers: set[str]) -> None:
    edge = Edge.objects.filter(status="review").first()
    assert edge is not None
    url = path.format(
        price1=_code(ready, "price1"), suspect_ne=_code(ready, "suspect_ne"), edge=edge.pk
    )

    def check(who: str) -> tuple[int, set[int]]:
        response = _page(ready, who).get(url)
        if response.status_code == 200:
            assert b"<h1>" in response.content
        return response.status_code, {200}

    _each_role(check, readers)


def test_page_posts(ready: Linked) -> None:
    runs, rankings = LinkRun.objects.count(), HarmRanking.objects.count()
    for who in ROLES:
        client = _page(ready, who)
        ran = client.post("/linkage/runs").status_code
        refreshed = client.post("/harm/refresh").status_code
        assert (ran == 302) == (who in FORCE), who
        assert (refreshed == 302) == (who in FORCE), who
    assert LinkRun.objects.count() == runs + 2
    assert HarmRanking.objects.count() == 3 * rankings


def test_report_panel_only_for_roles_that_see_suspects(ready: Linked) -> None:
    report = ready.world.reports["cn"]
    for who in ("officer_cn", "supervisor_cn", "stac", "pou", "admin", "advocate"):
        response = _page(ready, who).get(f"/reports/{report.pk}")
        assert response.status_code == 200, who
        shown = b"Repeat offending and possible matches" in response.content
        assert shown == (who != "advocate"), who
