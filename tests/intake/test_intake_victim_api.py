"""The victim's link: passcode, guessing refused, diary entries reviewed by the officer,
uploads through the evidence path, and withdrawal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from foursight.audit.models import AuditEntry
from foursight.cases.models import Occasion
from foursight.evidence.models import CustodyEntry, Exhibit
from foursight.intake.models import DiaryEntry, VictimUpload
from tests.conftest import World
from tests.intake.conftest import post

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ENTRY = {
    "occurred_at": "2026-03-02T19:30:00+00:00",
    "place": "Outside my flat",
    "what_happened": "He waited by the door for an hour and rang the bell.",
    "effect": "I could not sleep.",
    "witnesses": "My neighbour",
}


def link(world: World, who: str = "officer_cn") -> dict[str, Any]:
    response = post(world.api(who), f"/reports/{world.reports['cn'].pk}/victim-access", {})
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def sign_in(body: dict[str, Any], passcode: str | None = None) -> Any:
    token = body["url"].rsplit("/", 1)[1]
    return post(
        Client(), "/victim/session", {"token": token, "passcode": passcode or body["passcode"]}
    )


def victim(body: dict[str, Any]) -> Client:
    response = sign_in(body)
    assert response.status_code == 201, response.content
    return Client(headers={"Authorization": f"Bearer {response.json()['session']}"})


def test_link_passcode_session_and_view(world: World) -> None:
    body = link(world)
    assert body["url"].startswith("http://testserver/victim/") and len(body["passcode"]) == 8
    client = victim(body)
    me = client.get("/api/v1/victim/me").json()
    assert me["reference"] == world.reports["cn"].reference
    assert me["officer"]["name"] == "officer_cn"
    assert any(s["phone"] == "0808 802 0300" for s in me["support"])
    text = str(me)
    assert "Mark" not in text and "Denton" not in text and "07700 900456" not in text
    assert AuditEntry.objects.filter(object_type="victim_access", action="signed_in").count() == 1


def test_wrong_passcodes_lock_the_link(world: World, settings: Any) -> None:
    settings.VICTIM_PASSCODE_TRIES = 3
    body = link(world)
    codes = [sign_in(body, "00000000").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    assert sign_in(body).status_code == 429  # locked even for the right passcode
    failures = AuditEntry.objects.filter(object_type="victim_access", action="sign_in_failed")
    assert failures.count() == 4
    assert all(e.actor.startswith("victim-link-") for e in failures)


def test_unknown_tokens_are_throttled(world: World) -> None:
    codes = {
        post(Client(), "/victim/session", {"token": f"guess{n}", "passcode": "1"}).status_code
        for n in range(25)
    }
    assert codes == {404, 429}


def test_diary_entry_becomes_an_occasion_only_when_accepted(world: World) -> None:
    client = victim(link(world))
    response = post(client, "/victim/diary", ENTRY)
    assert response.status_code == 201, response.content
    entry = DiaryEntry.objects.get()
    report = world.reports["cn"]
    assert Occasion.objects.filter(report=report, source="victim_diary").count() == 0
    queue = world.api("officer_cn").get("/api/v1/triage").json()
    found = [i for i in queue["items"] if i["kind"] == "diary_entry"]
    assert found[0]["text"] == ENTRY["what_happened"] and found[0]["waiting_seconds"] >= 0
    refused = post(world.api("officer_cn"), f"/diary/{entry.pk}/accept", {"behaviours": []})
    assert refused.status_code == 400
    accepted = post(
        world.api("officer_cn"), f"/diary/{entry.pk}/accept", {"behaviours": ["turning_up"]}
    )
    assert accepted.status_code == 200, accepted.content
    occasion = Occasion.objects.get(report=report, source="victim_diary")
    assert (
        occasion.location == "Outside my flat" and "Witnesses: My neighbour" in occasion.description
    )
    assert accepted.json()["occasion_id"] == occasion.pk
    again = post(world.api("officer_cn"), f"/diary/{entry.pk}/accept", {"behaviours": ["threats"]})
    assert again.status_code == 409
    mine = client.get("/api/v1/victim/diary").json()
    assert mine[0]["status"] == "accepted"


def test_query_is_shown_to_the_victim(world: World) -> None:
    client = victim(link(world))
    post(client, "/victim/diary", ENTRY)
    entry = DiaryEntry.objects.get()
    response = post(world.api("officer_cn"), f"/diary/{entry.pk}/query", {"note": "Which door?"})
    assert response.status_code == 200
    mine = client.get("/api/v1/victim/diary").json()
    assert (mine[0]["status"], mine[0]["officer_note"]) == ("queried", "Which door?")
    assert Occasion.objects.filter(source="victim_diary").count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what_happened": ""}, "what_happened"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": "2999-01-01T10:00:00+00:00"}, "occurred_at"),
    ],
)
def test_bad_diary_entry_stores_nothing(world: World, change: dict[str, Any], field: str) -> None:
    client = victim(link(world))
    response = post(client, "/victim/diary", {**ENTRY, **change})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert DiaryEntry.objects.count() == 0


def test_victim_routes_need_a_session(world: World) -> None:
    assert post(Client(), "/victim/diary", ENTRY).status_code == 401
    assert Client().get("/api/v1/victim/me").status_code == 401
    officer = world.api("officer_cn")
    assert officer.get("/api/v1/victim/me").status_code == 401


def test_revoked_link_ends_sessions(world: World) -> None:
    body = link(world)
    client = victim(body)
    response = post(world.api("officer_cn"), f"/victim-access/{body['id']}/revoke", {})
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert client.get("/api/v1/victim/me").status_code == 401
    assert sign_in(body).status_code == 401


def _send(client: Client, name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/v1/victim/uploads", {"file": SimpleUploadedFile(name, data)})


def test_picture_upload_is_kept_with_custody(world: World) -> None:
    client = victim(link(world))
    response = _send(client, "screenshot.png", PNG)
    assert response.status_code == 201, response.content
    upload = VictimUpload.objects.get()
    assert (upload.kind, upload.exhibit_reference) == ("picture", "VIC-001")
    custody = CustodyEntry.objects.get(report=world.reports["cn"], exhibit_reference="VIC-001")
    assert custody.action == "received" and custody.input["sha256"] == upload.sha256
    assert custody.actor.startswith("victim-link-")


def test_export_upload_goes_through_the_importers(world: World) -> None:
    client = victim(link(world))
    data = (FIXTURES / "sms-20240314093000.xml").read_bytes()
    response = _send(client, "sms-backup.xml", data)
    assert response.status_code == 201, response.content
    exhibit = Exhibit.objects.get(report=world.reports["cn"], reference="VIC-001")
    assert exhibit.events > 0
    actions = list(
        CustodyEntry.objects.filter(exhibit_reference="VIC-001").values_list("action", flat=True)
    )
    assert actions == ["ingest", "received"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("photo.jpg", b"GIF89a not a jpeg at all", "is not a JPEG photo"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "is not a PNG picture"),
        ("run.exe", b"MZ....", "cannot be sent here"),
        ("big.png", PNG + b"\x00" * 5000, "the largest file you can send here is"),
    ],
)
def test_bad_upload_is_refused_and_stores_nothing(
    world: World, settings: Any, name: str, data: bytes, words: str
) -> None:
    settings.VICTIM_UPLOAD_BYTES = 2000
    client = victim(link(world))
    response = _send(client, name, data)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "file"
    assert words in response.json()["error"]["message"]
    assert VictimUpload.objects.count() == 0 and Exhibit.objects.count() == 0
    assert not CustodyEntry.objects.filter(exhibit_reference__startswith="VIC").exists()


def test_declared_oversize_body_is_refused_unread(world: World, settings: Any) -> None:
    settings.VICTIM_UPLOAD_BYTES = 1000
    client = victim(link(world))
    response = client.post(
        "/api/v1/victim/uploads",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=zz",
        CONTENT_LENGTH=str(3_000_000_000),
    )
    assert response.status_code == 400
    assert "the largest file you can send here is" in response.json()["error"]["message"]
