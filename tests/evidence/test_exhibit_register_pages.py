"""The exhibit register's pages: the plain form post (no script), refusals shown on the
form with nothing kept, playback from the store, links from the exhibit page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from foursight.evidence.models import CustodyEntry, Exhibit, ExhibitLink, Original
from tests.conftest import World

ASSETS = Path(__file__).resolve().parents[2] / "src" / "foursight" / "evidence" / "demo_exhibits"


def post(client: Client, report: int, name: str, **fields: Any) -> Any:
    data: dict[str, Any] = {
        "reference": "ar / 2",
        "kind": "body_worn_video",
        "description": "PC Reid's body-worn video at the door",
        "produced_by": "PC Alex Reid",
        "seized_at": "21/2/2026 09:30",
        "seized_where": "12 Example Road",
        "file": SimpleUploadedFile(name, (ASSETS / name).read_bytes()),
    }
    data.update(fields)
    return client.post(f"/reports/{report}/evidence/register", data)


def test_register_play_and_link(world: World) -> None:
    client = world.page("officer_cn")
    report = world.reports["cn"]
    form = client.get(f"/reports/{report.pk}/evidence/register")
    assert form.status_code == 200
    assert b'data-upload-progress="register-progress"' in form.content
    assert b"exhibit-upload.js" in form.content and b"<script>" not in form.content
    made = post(client, report.pk, "bwv-placeholder.mp4")
    assert made.status_code == 302, made.content
    exhibit = Exhibit.objects.get(reference="AR/2")
    assert made["Location"] == f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}"
    page = client.get(made["Location"])
    assert page.status_code == 200
    media_url = f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}/media"
    assert f'<video class="exhibit-media" controls preload="none" src="{media_url}"'.encode() in (
        page.content
    )
    assert b"download" not in page.content.replace(b"nodownload", b"").replace(
        b"download the events", b""
    )
    played = client.get(media_url, HTTP_RANGE="bytes=0-1023")
    assert played.status_code == 206 and played["Content-Type"] == "video/mp4"
    assert played["Content-Disposition"].startswith("inline")
    occasion = report.occasions.get()
    linked = client.post(
        f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}/links",
        {"occasion_id": occasion.pk, "note": "the suspect at the door"},
    )
    assert linked.status_code == 302
    assert ExhibitLink.objects.get().occasion_id == occasion.pk
    page = client.get(f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}")
    assert b"the suspect at the door" in page.content
    actions = CustodyEntry.objects.filter(exhibit_reference="AR/2").values_list("action", flat=True)
    assert list(actions) == ["received", "played", "linked"]


def test_refusals_on_the_form_change_nothing(world: World) -> None:
    client = world.page("officer_cn")
    report = world.reports["cn"]
    wrong = post(client, report.pk, "photo-door.jpg")
    assert wrong.status_code == 400
    assert b'href="#rx-kind"' in wrong.content and b"image/jpeg" in wrong.content
    assert b"PC Reid&#x27;s body-worn video at the door" in wrong.content  # form kept
    assert b"There is a problem" in wrong.content and b'value="21/2/2026 09:30"' in wrong.content
    bad_ref = post(client, report.pk, "photo-door.jpg", kind="photograph", reference="door")
    assert bad_ref.status_code == 400 and b'href="#rx-reference"' in bad_ref.content
    assert Exhibit.objects.count() == 0 and Original.objects.count() == 0
    assert post(client, report.pk, "photo-door.jpg", kind="photograph").status_code == 302
    again = post(client, report.pk, "photo-car.png", kind="photograph")
    assert again.status_code == 409 and b'href="#rx-reference"' in again.content
    assert Exhibit.objects.count() == 1
    exhibit = Exhibit.objects.get()
    other = world.reports["ne"].occasions.get()
    refused = client.post(
        f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}/links", {"occasion_id": other.pk}
    )
    shown = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in shown
    assert "Occasion: no such occasion" in shown and 'href="#ln-occasion"' in shown
    assert ExhibitLink.objects.count() == 0


def test_csrf_is_checked_after_streaming(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_cn"])
    refused = post(client, world.reports["cn"].pk, "photo-door.jpg", kind="photograph")
    assert refused.status_code == 403
    assert Exhibit.objects.count() == 0


def test_links_shown_on_the_report_and_the_timeline(world: World) -> None:
    from tests.evidence.conftest import upload

    report = world.reports["cn"]
    assert upload(world.api("officer_cn"), report.pk, "sms-20240314093000.xml").status_code == 201
    client = world.page("officer_cn")
    assert post(client, report.pk, "photo-door.jpg", kind="photograph").status_code == 302
    exhibit = Exhibit.objects.get(reference="AR/2")
    event = exhibit.report.exhibits.get(reference="AR/1").stored.order_by("ts_utc").first()
    assert event is not None
    base = f"/reports/{report.pk}/evidence/exhibits/{exhibit.pk}/links"
    assert client.post(base, {"event": event.event_id, "note": "screenshot"}).status_code == 302
    occasion = report.occasions.order_by("started_at").first()
    assert occasion is not None
    assert client.post(base, {"occasion_id": occasion.pk}).status_code == 302
    timeline = client.get(f"/reports/{report.pk}/timeline?event={event.event_id}")
    assert b"proved by" in timeline.content and b"AR/2</a>" in timeline.content
    page = client.get(f"/reports/{report.pk}").content.decode()
    assert 'id="occasion-exhibits"' in page and "AR/2</a> (Photograph)" in page
    api = world.api("officer_cn").get(f"/api/v1/reports/{report.pk}/events?event={event.event_id}")
    assert api.json()["items"][0]["proved_by"][0]["exhibit"] == "AR/2"


def test_seizure_time_typed_in_uk_local_time(world: World) -> None:
    client = world.page("officer_cn")
    report = world.reports["cn"]
    refused = post(
        client, report.pk, "photo-door.jpg", kind="photograph", seized_at="29/3/2026 01:30"
    )
    assert refused.status_code == 400 and b"did not happen in the UK" in refused.content
    assert b'href="#rx-when"' in refused.content
    made = post(client, report.pk, "photo-door.jpg", kind="photograph", seized_at="6/7/2026 20:05")
    assert made.status_code == 302
    assert b"Exhibit AR/2 registered" in client.get(made["Location"]).content
    seized = Exhibit.objects.get().seized_at
    assert seized is not None and seized.isoformat() == "2026-07-06T19:05:00+00:00"
