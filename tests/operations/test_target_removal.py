"""Removing a target: a reason is required, the removal is audited with it, shown in the
operation's history, and only those who may change the target list may remove."""

from __future__ import annotations

import json

import pytest

from foursight.audit.models import AuditEntry
from foursight.operations.models import RemovedTarget, Target
from tests.conftest import World
from tests.operations.test_target_finding import WHY, open_operation, purpose


def _target(world: World, op: int, who: str = "suspect_cn", assigned_to: str = "") -> Target:
    body = {"person_id": world.persons[who].pk}
    if assigned_to:
        body["assigned_to"] = assigned_to
    response = world.api("admin", WHY).post(
        f"/api/v1/operations/{op}/targets", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return Target.objects.get(pk=response.json()["id"])


def test_a_reason_is_required_and_what_was_typed_is_kept(world: World) -> None:
    op = open_operation(world)
    target = _target(world, op)
    client = purpose(world.page("pou"))
    path = f"/operations/{op}/targets/{target.pk}/removal"
    form = client.get(path).content.decode()
    assert "Why is this target being removed?" in form and "Remove Mark DENTON" in form
    refused = client.post(path, {"reason": "   "})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "There is a problem" in html and 'href="#removal-reason"' in html
    assert "Say why the target is being removed" in html and "reason:" not in html
    assert Target.objects.filter(pk=target.pk).exists()
    assert not AuditEntry.objects.filter(action="target_removed").exists()


def test_removal_is_audited_and_shown_in_the_history(world: World) -> None:
    op = open_operation(world)
    target = _target(world, op)
    client = purpose(world.page("pou"))
    done = client.post(
        f"/operations/{op}/targets/{target.pk}/removal",
        {"reason": "Added by mistake: wrong Mark Denton"},
        follow=True,
    )
    html = done.content.decode()
    assert done.status_code == 200
    assert "Mark DENTON removed from Operation Nightjar." in html
    assert not Target.objects.filter(pk=target.pk).exists()
    history = html[html.index('id="history"') :]
    assert "Added by mistake: wrong Mark Denton" in history and "pou" in history
    removal = RemovedTarget.objects.get()
    assert removal.reason == "Added by mistake: wrong Mark Denton"
    assert removal.removed_by == world.users["pou"] and removal.target_ref == target.pk
    entry = AuditEntry.objects.get(action="target_removed")
    assert entry.object_type == "target" and entry.object_id == str(target.pk)
    detail = json.loads(entry.detail)
    assert detail["reason"] == "Added by mistake: wrong Mark Denton" and detail["operation"] == op
    # the person may be added again
    again = client.post(f"/operations/{op}/targets", {"person_id": world.persons["suspect_cn"].pk})
    assert again.status_code == 302 and Target.objects.filter(operation_id=op).count() == 1


def test_the_api_removes_with_a_reason_and_lists_the_history(world: World) -> None:
    op = open_operation(world)
    target = _target(world, op)
    api = world.api("pou", WHY)
    path = f"/api/v1/operations/{op}/targets/{target.pk}/removal"
    empty = api.post(path, json.dumps({"reason": ""}), content_type="application/json")
    assert empty.status_code in (400, 422) and Target.objects.filter(pk=target.pk).exists()
    blank = api.post(path, json.dumps({"reason": "  "}), content_type="application/json")
    assert blank.status_code == 400 and blank.json()["error"]["field"] == "reason"
    done = api.post(path, json.dumps({"reason": "Duplicate"}), content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["reason"] == "Duplicate" and done.json()["name"] == "Mark DENTON"
    history = api.get(f"/api/v1/operations/{op}/removals").json()
    assert [h["target_id"] for h in history] == [target.pk]
    gone = api.post(path, json.dumps({"reason": "Again"}), content_type="application/json")
    assert gone.status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [("officer_cn", 403), ("officer_ne", 404), ("stac", 404), ("advocate", 404), ("analyst", 404)],
)
def test_roles_that_may_not_change_the_list_cannot_remove(
    world: World, who: str, expected: int
) -> None:
    op = open_operation(world)
    target = _target(world, op, assigned_to="officer_cn")
    response = world.api(who, WHY).post(
        f"/api/v1/operations/{op}/targets/{target.pk}/removal",
        json.dumps({"reason": "Not mine"}),
        content_type="application/json",
    )
    assert response.status_code == expected, response.content
    assert Target.objects.filter(pk=target.pk).exists()


def test_a_supervisor_removes_only_their_bcus_targets(world: World) -> None:
    op = open_operation(world)
    mine, other = _target(world, op), _target(world, op, "suspect_ne")
    api = world.api("supervisor_cn")
    for target, expected in ((other, 404), (mine, 200)):
        response = api.post(
            f"/api/v1/operations/{op}/targets/{target.pk}/removal",
            json.dumps({"reason": "Out of scope"}),
            content_type="application/json",
        )
        assert response.status_code == expected, response.content
    assert list(Target.objects.filter(operation_id=op)) == [other]


def test_an_arrested_target_stays_on_the_list(world: World) -> None:
    op = open_operation(world)
    target = _target(world, op)
    api = world.api("pou", WHY)
    arrested = api.patch(
        f"/api/v1/operations/{op}/targets/{target.pk}",
        json.dumps({"status": "arrested", "offences": ["8Q"]}),
        content_type="application/json",
    )
    assert arrested.status_code == 200, arrested.content
    refused = api.post(
        f"/api/v1/operations/{op}/targets/{target.pk}/removal",
        json.dumps({"reason": "Tidy up"}),
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert Target.objects.filter(pk=target.pk).exists()
    page = purpose(world.page("pou")).get(f"/operations/{op}").content.decode()
    assert f"/targets/{target.pk}/removal" not in page
