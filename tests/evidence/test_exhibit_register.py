"""The exhibit register through the API: register, refuse bad input unchanged, read with
the hash checked again, play by ranges, link to occasions and events."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foursight.audit.models import AuditEntry
from foursight.evidence import media
from foursight.evidence.models import CustodyEntry, Exhibit, ExhibitLink, Original
from foursight.evidence.store import original_path
from tests.conftest import World

ASSETS = Path(__file__).resolve().parents[2] / "src" / "foursight" / "evidence" / "demo_exhibits"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(200))
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 5000
PDF = b"%PDF-1.4\n" + b"1 0 obj << >> endobj\n" * 20


def register(client: Any, report: int, content: bytes, **fields: Any) -> Any:
    data: dict[str, Any] = {
        "reference": "AR/1",
        "kind": "photograph",
        "description": "Damage to the victim's front door",
        "produced_by": "PC Alex Reid",
        "seized_at": "2026-02-21T09:30",
        "seized_where": "12 Example Road, London",
    }
    data.update(fields)
    name = data.pop("name", "door.png")
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(f"/api/v1/reports/{report}/exhibit-register", data=data)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def nothing_left(data_dir: Path) -> None:
    incoming = data_dir / "incoming"
    assert not incoming.exists() or not any(incoming.rglob("*.partial"))


def test_register_streams_to_the_store(world: World, settings: Any) -> None:
    report = world.reports["cn"].pk
    response = register(world.api("officer_cn"), report, PNG)
    assert response.status_code == 201, response.content
    body = response.json()
    sha = hashlib.sha256(PNG).hexdigest()
    assert body["sha256"] == sha and body["size"] == len(PNG)
    assert body["kind"] == "photograph" and body["reference"] == "AR/1"
    assert body["seized_at"].startswith("2026-02-21T09:30:00")
    stored = original_path(sha)
    assert stored.read_bytes() == PNG
    assert not stored.stat().st_mode & stat.S_IWUSR
    nothing_left(Path(settings.DATA_DIR))
    custody = CustodyEntry.objects.filter(report_id=report, exhibit_reference="AR/1")
    assert [c.action for c in custody] == ["received"]
    assert AuditEntry.objects.filter(action="exhibit_registered").count() == 1
    listed = world.api("officer_cn").get(f"/api/v1/reports/{report}/exhibits").json()
    assert [x["kind"] for x in listed] == ["photograph"]


@pytest.mark.parametrize(
    ("fields", "content", "status", "field"),
    [
        ({"kind": "body_worn_video"}, PNG, 400, "kind"),
        ({"kind": "photograph"}, PDF, 400, "kind"),
        ({"kind": "audio"}, MP4, 400, "kind"),
        ({"kind": "phone_export"}, PNG, 400, "kind"),
        ({"kind": "teleport"}, PNG, 400, "kind"),
        ({"reference": "door photo"}, PNG, 400, "reference"),
        ({"reference": "AR-1"}, PNG, 400, "reference"),
        ({"reference": "AR/0"}, PNG, 400, "reference"),
        ({"reference": ""}, PNG, 400, "reference"),
        ({"produced_by": " "}, PNG, 400, "produced_by"),
        ({"seized_at": "last Tuesday"}, PNG, 400, "seized_at"),
        ({"description": ""}, PNG, 400, "description"),
        ({}, b"", 400, "file"),
    ],
)
def test_bad_input_changes_nothing(
    world: World, settings: Any, fields: dict[str, str], content: bytes, status: int, field: str
) -> None:
    report = world.reports["cn"].pk
    before = (Exhibit.objects.count(), Original.objects.count(), CustodyEntry.objects.count())
    response = register(world.api("officer_cn"), report, content, **fields)
    assert response.status_code == status, response.content
    assert response.json()["error"]["field"] == field
    assert field in response.json()["error"]["message"]
    after = (Exhibit.objects.count(), Original.objects.count(), CustodyEntry.objects.count())
    assert after == before
    originals = Path(settings.DATA_DIR) / "originals"
    assert not originals.exists() or not any(p.is_file() for p in originals.rglob("*"))
    nothing_left(Path(settings.DATA_DIR))


def test_duplicate_reference_and_same_file(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    assert register(client, report, PNG).status_code == 201
    before = (Exhibit.objects.count(), Original.objects.count(), CustodyEntry.objects.count())
    again = register(client, report, PDF, kind="document", name="letter.pdf")
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "reference"
    assert "AR/1" in again.json()["error"]["message"]
    same = register(client, report, PNG, reference="AR/2")
    assert same.status_code == 409 and same.json()["error"]["field"] == "file"
    after = (Exhibit.objects.count(), Original.objects.count(), CustodyEntry.objects.count())
    assert after == before
    # the same reference on another report is that report's own
    other = register(world.api("officer_ne"), world.reports["ne"].pk, PNG)
    assert other.status_code == 201


def test_media_ranges_and_custody(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    made = register(client, report, MP4, kind="body_worn_video", name="bwv.mp4").json()
    url = f"/api/v1/exhibits/{made['id']}/media"
    whole = client.get(url)
    assert whole.status_code == 200
    assert body(whole) == MP4
    assert whole["Content-Type"] == "video/mp4"
    assert whole["Content-Disposition"].startswith("inline")
    assert "no-store" in whole["Cache-Control"] and whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert body(part) == MP4[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert body(tail) == MP4[-10:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(MP4)}-").status_code == 416
    actions = list(
        CustodyEntry.objects.filter(report_id=report, exhibit_reference="AR/1").values_list(
            "action", flat=True
        )
    )
    assert actions == ["received", "played"]  # one per playback, not per range


def test_changed_byte_is_refused_and_logged(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    made = register(client, report, MP4, kind="cctv", name="cctv.mp4").json()
    url = f"/api/v1/exhibits/{made['id']}/media"
    assert client.get(url, HTTP_RANGE="bytes=0-99").status_code == 206
    path = original_path(made["sha256"])
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[500] ^= 0xFF
    path.write_bytes(bytes(data))
    for asked in ("bytes=0-", "bytes=1000-1099"):
        refused = client.get(url, HTTP_RANGE=asked)
        assert refused.status_code == 500, asked
        error = refused.json()["error"]
        assert error["code"] == "integrity_failure" and "AR/1" in error["message"]
    media.forget_verified()
    assert client.get(url).status_code == 500
    assert CustodyEntry.objects.filter(action="integrity_failed").count() == 3
    assert AuditEntry.objects.filter(action="integrity_failed").count() == 3
    detail = client.get(f"/api/v1/exhibits/{made['id']}").json()
    assert detail["custody_verified"] is True
    assert detail["custody"][-1]["action"] == "integrity_failed"


def test_links(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"]
    made = register(client, report.pk, PNG).json()
    occasion = report.occasions.get()
    other = world.reports["ne"].occasions.get()
    url = f"/api/v1/exhibits/{made['id']}/links"

    def post(body: dict[str, Any]) -> Any:
        return client.post(url, data=json.dumps(body), content_type="application/json")

    for body, field in (
        ({"occasion_id": other.pk}, "occasion_id"),
        ({}, "occasion_id"),
        ({"occasion_id": occasion.pk, "event_id": 1}, "occasion_id"),
        ({"event_id": 999999}, "event_id"),
    ):
        refused = post(body)
        assert refused.status_code == 400, refused.content
        assert refused.json()["error"]["field"] == field
    assert ExhibitLink.objects.count() == 0
    made_link = post({"occasion_id": occasion.pk, "note": "shows the damage"})
    assert made_link.status_code == 201, made_link.content
    assert made_link.json()["occasion_id"] == occasion.pk
    assert post({"occasion_id": occasion.pk}).status_code == 409
    assert ExhibitLink.objects.count() == 1
    detail = client.get(f"/api/v1/exhibits/{made['id']}").json()
    assert [x["occasion_id"] for x in detail["links"]] == [occasion.pk]
    assert detail["custody"][-1]["action"] == "linked"
    assert client.get(url).json()[0]["note"] == "shows the damage"


def test_media_upload_limit(world: World, settings: Any) -> None:
    settings.MEDIA_UPLOAD_MAX_BYTES = 1000
    response = register(world.api("officer_cn"), world.reports["cn"].pk, MP4, kind="cctv")
    assert response.status_code == 413
    assert "FOURSIGHT_MEDIA_UPLOAD_MAX_BYTES" in response.json()["error"]["message"]
    assert Exhibit.objects.count() == 0
    nothing_left(Path(settings.DATA_DIR))


def test_phone_export_download_checks_the_hash_and_is_logged(world: World) -> None:
    from tests.evidence.conftest import upload

    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    made = upload(client, report, "sms-20240314093000.xml").json()["exhibit"]
    url = f"/api/v1/reports/{report}/exhibits/{made['id']}/events.jsonl"
    assert client.get(url).status_code == 200
    assert CustodyEntry.objects.filter(action="downloaded").count() == 1
    path = original_path(made["sha256"])
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b" ")
    refused = client.get(url)
    assert refused.status_code == 500 and refused.json()["error"]["code"] == "integrity_failure"
    assert CustodyEntry.objects.filter(action="integrity_failed").count() == 1
    assert CustodyEntry.objects.filter(action="downloaded").count() == 1


def _docx() -> bytes:
    held = io.BytesIO()
    with zipfile.ZipFile(held, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return held.getvalue()


def test_document_reads_are_named_by_what_the_browser_does(world: World) -> None:
    client = world.api("officer_cn")
    report = world.reports["cn"].pk
    pdf = register(client, report, PDF, kind="document", name="letter.pdf").json()
    made = register(client, report, _docx(), kind="document", reference="AR/2", name="l.docx")
    assert made.status_code == 201, made.content
    assert client.get(f"/api/v1/exhibits/{pdf['id']}/media")["Content-Type"] == "application/pdf"
    word = client.get(f"/api/v1/exhibits/{made.json()['id']}/media")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    actions = CustodyEntry.objects.values_list("exhibit_reference", "action")
    assert list(actions.order_by("exhibit_reference", "seq")) == [
        ("AR/1", "received"),
        ("AR/1", "viewed"),
        ("AR/2", "received"),
        ("AR/2", "downloaded"),
    ]
