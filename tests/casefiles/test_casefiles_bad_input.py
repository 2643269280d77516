"""Bad input on case-file routes: a clear error in the one shape, nothing changed."""

from __future__ import annotations

import pytest

from foursight.casefiles.models import CaseFile
from tests.casefiles.conftest import call, post
from tests.conftest import World

HUGE = "100000000000000000000"


@pytest.mark.parametrize(
    "path",
    [
        f"/case-files/{HUGE}",
        f"/case-files/{HUGE}/status",
        f"/case-files/{HUGE}/versions",
        f"/case-files/1/versions/{HUGE}/file.pdf",
        f"/case-files/1/versions/{HUGE}/bundle.zip",
        f"/reports/{HUGE}/case-files",
    ],
)
def test_huge_ids_are_not_found(world: World, path: str) -> None:
    post(world, "officer_cn", f"/reports/{world.reports['cn'].pk}/case-files")
    response = call(world, "officer_cn", "get", path)
    assert response.status_code in (400, 404), response.content
    assert response.json()["error"]["code"] in ("not_found", "invalid_input")


def test_edits_must_be_text_and_known(world: World) -> None:
    cid = post(world, "officer_cn", f"/reports/{world.reports['cn'].pk}/case-files").json()["id"]
    for body, field in (
        ({"edits": {"summary": 3}}, "edits.summary"),
        ({"edits": {"summary": "x" * 20_001}}, "edits.summary"),
        ({"edits": {}}, "edits"),
        ({"edit": {"summary": "x"}}, "edits"),
    ):
        response = call(world, "officer_cn", "patch", f"/case-files/{cid}", body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["field"] == field, response.json()
    assert CaseFile.objects.get(pk=cid).edits == {}
