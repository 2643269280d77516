"""Every case-file route and page against every role and unit.

The oracle restates the rules by hand: officers and supervisors of the report's BCU make,
edit and issue; only a supervisor of the BCU approves; admin reads the content; the STAC
(referred reports), the offender unit (reports with a suspect) and advocates (their
victims' reports) see the status and history only; analysts see counts only.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from foursight.casefiles import actions, rendering
from foursight.casefiles.models import CaseFile
from tests.casefiles.conftest import JUSTIFY, call
from tests.conftest import ROLES, World

MAKERS = {"cn": {"officer_cn", "supervisor_cn"}, "ne": {"officer_ne"}}
APPROVERS = {"cn": {"supervisor_cn"}, "ne": set()}
CONTENT = {"cn": {"officer_cn", "supervisor_cn", "admin"}, "ne": {"officer_ne", "admin"}}
STATUS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "advocate", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
}


@pytest.fixture
def files(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A case file per report, issued once and approved again (ready to issue)."""
    monkeypatch.setattr(rendering, "pdf_bytes", lambda html: b"%PDF-1.7 matrix\n")
    ids = {}
    for key, officer in (("cn", "officer_cn"), ("ne", "officer_ne")):
        user = world.users[officer]
        made = actions.create_case_file(user, actions.CreateCaseFile(world.reports[key].pk))
        CaseFile.objects.filter(pk=made.pk).update(status="approved", approved_at=timezone.now())
        actions.issue(user, actions.IssueCaseFile(made.pk))
        CaseFile.objects.filter(pk=made.pk).update(status="approved")
        ids[key] = made.pk
    return ids


def _expect(route: str, who: str, key: str) -> int:
    if route in ("create",):
        return 409 if who in MAKERS[key] else 404
    if route in ("edit", "regenerate", "issue"):
        return 200 if who in MAKERS[key] else 404
    if route == "approve":
        if who in APPROVERS[key]:
            return 200
        return 403 if who in MAKERS[key] else 404
    if route in ("read", "pdf", "bundle"):
        return 200 if who in CONTENT[key] else 404
    if route in ("list", "status", "versions"):
        return 200 if who in STATUS[key] else 404
    raise AssertionError(route)


def _route(route: str, rid: int, cid: int) -> tuple[str, str, Any]:
    return {
        "create": ("post", f"/reports/{rid}/case-files", None),
        "list": ("get", f"/reports/{rid}/case-files", None),
        "read": ("get", f"/case-files/{cid}", None),
        "status": ("get", f"/case-files/{cid}/status", None),
        "edit": ("patch", f"/case-files/{cid}", {"edits": {"summary": "Ex-partner."}}),
        "regenerate": ("post", f"/case-files/{cid}/regenerate", None),
        "approve": ("post", f"/case-files/{cid}/approve", None),
        "issue": ("post", f"/case-files/{cid}/issue", None),
        "versions": ("get", f"/case-files/{cid}/versions", None),
        "pdf": ("get", f"/case-files/{cid}/versions/1/file.pdf", None),
        "bundle": ("get", f"/case-files/{cid}/versions/1/bundle.zip", None),
    }[route]


ROUTES = ["create", "list", "read", "status", "edit", "regenerate", "approve", "issue",
          "versions", "pdf", "bundle"]  # fmt: skip


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("route", ROUTES)
def test_api(world: World, files: dict[str, int], who: str, key: str, route: str) -> None:
    if route == "approve":
        CaseFile.objects.filter(pk=files[key]).update(status="draft")
    before = CaseFile.objects.get(pk=files[key])
    method, path, body = _route(route, world.reports[key].pk, files[key])
    response = call(world, who, method, path, body)
    expected = _expect(route, who, key)
    assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected in (403, 404):
        after = CaseFile.objects.get(pk=files[key])
        assert (after.status, after.edits, after.versions.count()) == (
            before.status,
            before.edits,
            before.versions.count(),
        )
    if route in ("list", "status", "versions") and expected == 200:
        assert b"chronology" not in response.content and b"MG12" not in response.content


@pytest.mark.parametrize("who", list(ROLES))
def test_counts(world: World, files: dict[str, int], who: str) -> None:
    response = call(world, who, "get", "/case-files/counts")
    assert response.status_code == 200
    assert response.json() == {"draft": 0, "approved": 2, "issued": 0, "versions": 2}


@pytest.mark.parametrize("who", list(ROLES))
def test_counts_page(world: World, files: dict[str, int], who: str) -> None:
    response = world.page(who).get("/case-files")
    assert response.status_code == 200
    assert b"Approved, not yet issued</th><td>2</td>" in response.content
    assert world.reports["cn"].reference.encode() not in response.content


def _page(world: World, who: str) -> Client:
    client = world.page(who)
    if who in ("pou", "admin"):
        session = client.session
        session["justification"] = {"reason": JUSTIFY, "until": timezone.now().timestamp() + 600}
        session.save()
    return client


PAGES = ["view", "generate", "edit", "regenerate", "approve", "issue", "pdf"]


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
@pytest.mark.parametrize("page", PAGES)
def test_pages(world: World, files: dict[str, int], who: str, key: str, page: str) -> None:
    if page == "approve":
        CaseFile.objects.filter(pk=files[key]).update(status="draft")
    base = f"/reports/{world.reports[key].pk}/case-file"
    client = _page(world, who)
    if page == "view":
        response = client.get(base)
        expected = 200 if who in STATUS[key] else 404
    elif page == "pdf":
        response = client.get(f"{base}/versions/1/file.pdf")
        expected = 200 if who in CONTENT[key] else 404
    else:
        data = {"summary": "Ex-partner."} if page == "edit" else {}
        response = client.post(f"{base}/{page}", data)
        route = {"generate": "create"}.get(page, page)
        expected = {200: 302}.get(_expect(route, who, key), _expect(route, who, key))
    assert response.status_code == expected, (response.status_code, response.content[:300])
    if page == "view" and expected == 200 and who not in CONTENT[key]:
        assert b"MG12" not in response.content
