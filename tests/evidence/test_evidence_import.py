"""Importing exhibits through the API: store, duplicates, overlaps, scope, rejection."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from foursight.evidence.models import CustodyEntry, EventSource, Exhibit, Original, StoredEvent
from foursight.evidence.store import original_path
from tests.conftest import World
from tests.evidence.conftest import FIXTURES, upload


def test_upload_stores_original_events_and_custody(world: World, evidence_store: Path) -> None:
    report = world.reports["cn"]
    response = upload(world.api("officer_cn"), report.pk, "whatsapp-android-en_GB.txt")
    assert response.status_code == 201, response.content
    body = response.json()["exhibit"]
    sha = "bd3eb373dc939963fd22784cf4bc0e35c2ab246ae39c3a2857c7c204ab41742f"
    assert body["sha256"] == sha
    assert body["format"] == "whatsapp"
    assert body["events"] == 8
    assert body["status"] == "imported"
    stored = original_path(sha)
    assert stored.read_bytes() == (FIXTURES / "whatsapp-android-en_GB.txt").read_bytes()
    assert not os.stat(stored).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert StoredEvent.objects.filter(report=report).count() == 8
    entries = list(CustodyEntry.objects.filter(report=report))
    assert [e.action for e in entries] == ["ingest"]
    assert entries[0].input == {"name": "whatsapp-android-en_GB.txt", "sha256": sha, "bytes": 541}


def test_same_file_twice_is_recognised(world: World) -> None:
    report = world.reports["cn"]
    client = world.api("officer_cn")
    first = upload(client, report.pk, "sms-20240314093000.xml")
    again = upload(client, report.pk, "sms-20240314093000.xml", exhibit="AR/9")
    assert first.status_code == 201 and again.status_code == 200, again.content
    assert again.json()["duplicate"] is True
    assert again.json()["exhibit"]["reference"] == "AR/1"
    assert Exhibit.objects.filter(report=report).count() == 1
    assert StoredEvent.objects.filter(report=report).count() == 3
    actions = list(CustodyEntry.objects.filter(report=report).values_list("action", flat=True))
    assert actions == ["ingest", "duplicate"]


def test_overlapping_exports_keep_every_source(world: World, tmp_path: Path) -> None:
    report = world.reports["cn"]
    client = world.api("officer_cn")
    original = (FIXTURES / "whatsapp-android-en_GB.txt").read_bytes()
    later = original + b"14/03/2024, 08:00 - Sam K: are you there\n"
    path = tmp_path / "whatsapp-later.txt"
    path.write_bytes(later)
    assert upload(client, report.pk, "whatsapp-android-en_GB.txt").status_code == 201
    second = upload(client, report.pk, "x", exhibit="AR/2", path=path)
    assert second.status_code == 201, second.content
    assert second.json()["exhibit"]["events"] == 1
    assert second.json()["exhibit"]["duplicates"] == 8
    assert StoredEvent.objects.filter(report=report).count() == 9
    assert EventSource.objects.filter(exhibit__reference="AR/2").count() == 8
    events = client.get(f"/api/v1/reports/{report.pk}/events?limit=3").json()["items"]
    assert [s["exhibit"] for s in events[1]["sources"]] == ["AR/1", "AR/2"]
    assert events[1]["sources"][1]["locator"] == events[1]["sources"][0]["locator"]


def test_scope_leaves_out_events(world: World) -> None:
    report = world.reports["cn"]
    response = upload(
        world.api("officer_cn"),
        report.pk,
        "whatsapp-android-en_GB.txt",
        consent_reference="DPN-0001",
        scope_from="2024-03-13",
        scope_to="2024-03-13",
    )
    assert response.status_code == 201, response.content
    body = response.json()["exhibit"]
    assert body["events"] == 4
    assert any("outside the agreed scope" in p["message"] for p in body["problems"])
    times = StoredEvent.objects.filter(report=report).values_list("ts_utc", flat=True)
    assert all(t.date().isoformat() >= "2024-03-13" for t in times)
    entry = CustodyEntry.objects.get(report=report)
    assert entry.basis.startswith(
        "PCSC22 s.37 agreement ref DPN-0001, scope 2024-03-13..2024-03-13"
    )


def test_rejected_file_stores_only_the_custody_entry(
    world: World, tmp_path: Path, evidence_store: Path
) -> None:
    report = world.reports["cn"]
    bad = tmp_path / "sms-broken.xml"
    good = (FIXTURES / "calls-20240314093000.xml").read_bytes()
    bad.write_bytes(good[: len(good) // 2])
    response = upload(world.api("officer_cn"), report.pk, "x", path=bad)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "import_rejected"
    assert "sms-broken.xml" in error["message"]
    assert "line" in error["message"]
    assert not Exhibit.objects.exists() and not StoredEvent.objects.exists()
    assert not Original.objects.exists()
    assert (
        not list((evidence_store / "originals").glob("*/*"))
        if (evidence_store / "originals").exists()
        else True
    )
    assert not list((evidence_store / "incoming").iterdir())
    entry = CustodyEntry.objects.get(report=report)
    assert entry.action == "reject" and "sms-broken.xml" in entry.detail


def test_bad_metadata_names_the_field_and_changes_nothing(world: World) -> None:
    report = world.reports["cn"]
    client = world.api("officer_cn")
    cases = [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"exhibit": ""}, "exhibit"),
        ({"victim_ids": []}, "victim_ids"),
        ({"locale": "english"}, "locale"),
        ({"consent_reference": "DPN-1"}, "scope_from"),
        ({"scope_from": "2024-03-13", "scope_to": "2024-03-01"}, "scope_to"),
        ({"scope_apps": ["telegram"]}, "scope_apps"),
        ({"scope_from": "13/03/2024"}, "scope_from"),
    ]
    for fields, field in cases:
        response = upload(client, report.pk, "sms-20240314093000.xml", **fields)
        assert response.status_code == 400, (fields, response.content)
        assert response.json()["error"]["field"] == field, fields
    assert not CustodyEntry.objects.exists() and not Exhibit.objects.exists()


def test_rerun_gives_identical_derived_output(world: World) -> None:
    client_cn, client_ne = world.api("officer_cn"), world.api("officer_ne")
    one = upload(client_cn, world.reports["cn"].pk, "calls-20240314093000.xml").json()["exhibit"]
    two = upload(client_ne, world.reports["ne"].pk, "calls-20240314093000.xml").json()["exhibit"]
    assert one["derived_sha256"] == two["derived_sha256"]
    a = client_cn.get(f"/api/v1/reports/{world.reports['cn'].pk}/events").json()["items"]
    b = client_ne.get(f"/api/v1/reports/{world.reports['ne'].pk}/events").json()["items"]
    strip = lambda items: [{k: v for k, v in e.items() if k != "id"} for e in items]  # noqa: E731
    assert strip(a) == strip(b)


def test_zip_members_hashed_and_derived_output_reproduces(world: World) -> None:
    report = world.reports["cn"]
    client = world.api("officer_cn")
    response = upload(client, report.pk, "WhatsApp Chat - Sam K.zip")
    assert response.status_code == 201, response.content
    exhibit = response.json()["exhibit"]
    chat = "9cd5ca89b0f376460f45ebb8405b8a5f314096dd2f0c3b3cc56b33f13acada7a"
    assert exhibit["sha256"].startswith("81555a38")
    assert [(m["name"], m["sha256"]) for m in exhibit["members"]] == [("_chat.txt", chat)]
    entry = CustodyEntry.objects.get(report=report)
    assert entry.input["bytes"] == 407 and entry.outputs[0]["sha256"] == chat
    assert entry.outputs[-1] == {
        "name": "events.jsonl",
        "sha256": exhibit["derived_sha256"],
        "events": exhibit["events"],
    }
    url = f"/api/v1/reports/{report.pk}/exhibits/{exhibit['id']}/events.jsonl"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    assert first["X-Derived-SHA256"] == first["X-Recorded-SHA256"] == exhibit["derived_sha256"]
    assert first.content == second.content
    assert len(first.content.splitlines()) == exhibit["events"]
    page = world.page("officer_cn").get(
        f"/reports/{report.pk}/evidence/exhibits/{exhibit['id']}/events.jsonl"
    )
    assert page.content == first.content
    from foursight.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="exported", object_type="exhibit_events").count() == 3


FORMATS = [
    ("sms-20240314093000.xml", "", "en_GB", "sms_backup", 3),
    ("calls-20240314093000.xml", "", "en_GB", "sms_backup", 3),
    ("whatsapp-android-en_GB.txt", "", "en_GB", "whatsapp", 8),
    ("whatsapp-android-de_DE.txt", "", "de_DE", "whatsapp", 8),
    ("whatsapp-en_US-12h.txt", "", "en_US", "whatsapp", 1),
    ("whatsapp-ios-_chat.txt", "", "en_GB", "whatsapp", 5),
    ("WhatsApp Chat with Sam K.zip", "", "en_GB", "whatsapp", 5),
    ("facebook-message_1.json", "", "en_GB", "facebook", 2),
    (
        "your_instagram_activity/messages/inbox/samk_17841400000000000/message_1.json",
        "instagram",
        "en_GB",
        "instagram",
        5,
    ),
    ("gmail.mbox", "", "en_GB", "email", 1),
    ("message-attachment.eml", "", "en_GB", "email", 1),
    ("google-voice-text.html", "", "en_GB", "google_voice", 1),
    ("itemised_2024-03.csv", "", "en_GB", "carrier_csv", 3),
]


@pytest.mark.parametrize(
    ("name", "fmt", "locale", "expected", "events"),
    FORMATS,
    ids=[f[0].rsplit("/", 1)[-1] for f in FORMATS],
)
def test_every_format_imports_through_the_service(
    world: World, name: str, fmt: str, locale: str, expected: str, events: int
) -> None:
    report = world.reports["cn"]
    response = upload(world.api("officer_cn"), report.pk, name, format=fmt, locale=locale)
    assert response.status_code == 201, response.content
    body = response.json()["exhibit"]
    assert (body["format"], body["events"]) == (expected, events)
    assert StoredEvent.objects.filter(report=report).count() == events
    derived = world.api("officer_cn").get(
        f"/api/v1/reports/{report.pk}/exhibits/{body['id']}/events.jsonl"
    )
    assert derived["X-Derived-SHA256"] == body["derived_sha256"]


def test_unknown_format_names_the_field(world: World) -> None:
    response = upload(
        world.api("officer_cn"), world.reports["cn"].pk, "gmail.mbox", format="telegram"
    )
    assert response.status_code == 400 and response.json()["error"]["field"] == "format"


def test_parse_reports_progress_for_large_files(tmp_path: Path) -> None:
    from foursight.evidence.importing import parse
    from foursight.evidence.meta import clean_meta

    chat = tmp_path / "whatsapp-big.txt"
    lines = [
        f"{1 + i % 28:02d}/03/2024, 21:{i % 60:02d} - Sam K: message {i}" for i in range(25_000)
    ]
    chat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    meta = clean_meta({"exhibit": "AR/1", "victim_ids": ["Alex R"], "locale": "en_GB"})
    _, events, _ = parse(chat, chat.name, meta, lambda *a: seen.append(a))
    assert len(events) == 25_000
    assert seen == [("parsing", 10_000, 0), ("parsing", 20_000, 0)]
