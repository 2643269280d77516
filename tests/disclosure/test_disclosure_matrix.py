"""Every disclosure route and page against every role and unit.

The oracle restates the rules by hand: the report's BCU officers and supervisors and the
admin (with a reason) see content and make copies; the STAC, the offender unit and the
advocate see only that copies exist (on reports they may open); analysts see nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from foursight.disclosure import actions
from tests.conftest import ROLES, World
from tests.disclosure.conftest import JUSTIFY, Case

CONTENT = {"cn": {"officer_cn", "supervisor_cn", "admin"}, "ne": {"officer_ne", "admin"}}
LISTERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "advocate", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
}


def _api(world: World, who: str) -> Client:
    return world.api(who, JUSTIFY)


def _page(world: World, who: str) -> Client:
    client = world.page(who)
    session = client.session
    session["justification"] = {"reason": JUSTIFY, "until": timezone.now().timestamp() + 600}
    session.save()
    return client


@pytest.fixture
def copy_id(world: World, case: Case) -> int:
    copy = actions.create_copy(
        world.users["officer_cn"],
        actions.CreateCopy(
            report_id=case.report_id,
            source_kind="text",
            title="Note for the defence",
            text="Alice on 07700 900456",
            decisions=(actions.Decision(0, 5, "PERSON", "accepted"),),
        ),
    )
    return copy.pk


def _expect(response: Any, allowed: bool, ok: int = 200) -> None:
    if allowed:
        assert response.status_code == ok, response.content[:300]
    else:
        assert response.status_code == 404, response.content[:300]


@pytest.mark.parametrize("who", list(ROLES))
def test_api_routes(world: World, case: Case, copy_id: int, who: str) -> None:
    client = _api(world, who)
    rid, other = case.report_id, case.other_report_id
    content = who in CONTENT["cn"]
    _expect(
        client.post(
            "/api/v1/redactions/propose",
            {"text": "Alice 07700 900456", "report_id": rid},
            content_type="application/json",
        ),
        content,
    )
    _expect(
        client.post(
            "/api/v1/redactions/propose",
            {"text": "Alice 07700 900456", "report_id": other},
            content_type="application/json",
        ),
        who in CONTENT["ne"],
    )
    _expect(
        client.get(f"/api/v1/reports/{rid}/exhibits/{case.exhibit_id}/redaction-proposals"),
        content,
    )
    listed = client.get(f"/api/v1/reports/{rid}/redacted-copies")
    _expect(listed, who in LISTERS["cn"])
    if listed.status_code == 200:
        item = listed.json()["items"][0]
        assert ("title" in item) is content
        assert listed.json()["content"] is content
    _expect(client.get(f"/api/v1/reports/{other}/redacted-copies"), who in LISTERS["ne"])
    _expect(client.get(f"/api/v1/redacted-copies/{copy_id}"), content)
    _expect(client.get(f"/api/v1/redacted-copies/{copy_id}/file"), content)
    created = client.post(
        f"/api/v1/reports/{rid}/redacted-copies",
        {"source": "text", "title": "t", "text": "abc", "spans": []},
        content_type="application/json",
    )
    _expect(created, content, 201)


@pytest.mark.parametrize("who", list(ROLES))
def test_pages(world: World, case: Case, copy_id: int, who: str) -> None:
    client = _page(world, who)
    rid = case.report_id
    content = who in CONTENT["cn"]
    listing = client.get(f"/reports/{rid}/disclosure")
    _expect(listing, who in LISTERS["cn"])
    if listing.status_code == 200:
        assert (b"Note for the defence" in listing.content) is content
    _expect(client.get(f"/reports/{rid}/disclosure/exhibits/{case.exhibit_id}"), content)
    _expect(client.post(f"/reports/{rid}/disclosure/text", {"text": "Alice"}), content)
    _expect(client.get(f"/reports/{rid}/disclosure/copies/{copy_id}"), content)
    _expect(client.get(f"/reports/{rid}/disclosure/copies/{copy_id}/file"), content)
    saved = client.post(
        f"/reports/{rid}/disclosure/save", {"source": "text", "text": "abc", "title": "t"}
    )
    _expect(saved, content, 302)
    _expect(client.get(f"/reports/{case.other_report_id}/disclosure"), who in LISTERS["ne"])


def test_admin_needs_a_reason_outside_their_bcu(world: World, case: Case) -> None:
    response = world.api("admin").post(
        "/api/v1/redactions/propose",
        {"text": "Alice", "report_id": case.report_id},
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
