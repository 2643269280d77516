"""The public, victim and triage pages through the Django test client: the report's
steps, errors shown with the summary, headers, strict-CSP-ready markup, and roles."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from foursight.accounts.views import SESSION_KEY as PURPOSE_KEY
from foursight.cases.models import Occasion, Report
from foursight.intake import actions, victim
from foursight.intake.commands import (
    AddDiaryEntry,
    GradeInformation,
    SubmitInformation,
    SubmitOnlineReport,
)
from foursight.intake.models import DiaryEntry, IntelligenceItem, OnlineReport
from tests.conftest import ROLES, World
from tests.intake.conftest import INFORMATION, REPORT

pytestmark = pytest.mark.django_db
ANSWERS = {
    "what_happened": "He messages me every night and waits outside work.",
    "started": "January",
    "postcode": "N1 9GU",
    "borough": "",
    "suspect_name": "Tom Brown",
    "relationship": "ex_partner",
    "suspect_phones": "07700 900123",
    "suspect_accounts": "@tombrown",
    "suspect_addresses": "",
    "reporter_name": "Jane Smith",
    "reporter_phone": "07700 900982",
    "reporter_email": "",
    "safe_contact": "Text first",
}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+=|\sstyle=", re.IGNORECASE)


def assert_public(response: Any) -> str:
    html = response.content.decode()
    assert "If you are in danger now, call 999" in html
    assert "no-store" in response["Cache-Control"]
    assert not INLINE.search(html), INLINE.search(html)
    assert "vendor/design-system.css" in html
    return html


def test_report_steps_to_a_reference(world: World) -> None:
    client = Client()
    assert_public(client.get("/public/report"))
    data = {"step": "what", **ANSWERS}
    for step, heading in (
        ("what", "What is your postcode?"),
        ("where", "Who is doing it?"),
        ("who", "How can we contact you safely?"),
        ("you", "Check your answers"),
    ):
        response = client.post("/public/report", {**data, "step": step})
        assert response.status_code == 200
        assert heading in assert_public(response)
    done = client.post("/public/report", {**data, "step": "check"})
    html = assert_public(done)
    reference = re.search(r'id="reference">([^<]+)<', html)
    assert reference is not None
    report = Report.objects.get(reference=reference.group(1))
    assert report.unit.name == "Islington" and report.channel == "online"


def test_step_error_has_the_summary_and_keeps_answers(world: World) -> None:
    response = Client().post("/public/report", {**ANSWERS, "step": "where", "postcode": "M1 1AE"})
    assert response.status_code == 400
    html = assert_public(response)
    assert "There is a problem" in html and 'href="#postcode"' in html
    assert 'id="postcode-error"' in html and 'value="M1 1AE"' in html
    assert "outside the Metropolitan Police area" in html
    assert Report.objects.count() == 2  # the world's two, nothing new


def test_missing_answer_is_named(world: World) -> None:
    response = Client().post("/public/report", {**ANSWERS, "step": "what", "what_happened": ""})
    assert response.status_code == 400
    assert 'href="#what_happened"' in response.content.decode()


def test_information_page_states_the_promise_first(world: World) -> None:
    html = assert_public(Client().get("/public/information"))
    assert html.index("do not keep your computer") < html.index('name="what"')
    response = Client().post(
        "/public/information", {"what": INFORMATION["what"], "postcode": "NW1", "about_name": "X"}
    )
    assert response.status_code == 200 and "Information sent" in response.content.decode()
    assert IntelligenceItem.objects.get().about_name == "X"
    bad = Client().post("/public/information", {"what": ""})
    assert bad.status_code == 400 and 'href="#what"' in bad.content.decode()


def _victim_client(world: World) -> tuple[Client, str]:
    _, token, passcode = victim.create_access(world.users["officer_cn"], world.reports["cn"].pk)
    client = Client()
    html = assert_public(client.get(f"/victim/{token}"))
    assert "Exit this page quickly" in html
    wrong = client.post(f"/victim/{token}", {"passcode": "1"})
    assert wrong.status_code == 401 and 'href="#passcode"' in wrong.content.decode()
    response = client.post(f"/victim/{token}", {"passcode": passcode})
    assert response.status_code == 302 and response["Location"] == "/victim"
    return client, token


def test_victim_pages_diary_and_file(world: World) -> None:
    client, _ = _victim_client(world)
    html = assert_public(client.get("/victim"))
    assert "0808 802 0300" in html and "Denton" not in html
    assert_public(client.get("/victim/diary/new"))
    diary = {
        "day": "2",
        "month": "3",
        "year": "2026",
        "time": "19:30",
        "place": "Work car park",
        "what_happened": "He was waiting by my car.",
        "file": SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10),
    }
    response = client.post("/victim/diary/new", diary)
    assert response.status_code == 302, response.content
    entry = DiaryEntry.objects.get()
    assert entry.uploads.get().kind == "picture"
    bad = client.post("/victim/diary/new", {**diary, "day": "31", "month": "2", "file": ""})
    assert bad.status_code == 400 and 'href="#day"' in bad.content.decode()
    assert DiaryEntry.objects.count() == 1
    fake = client.post("/victim/upload", {"file": SimpleUploadedFile("photo.jpg", b"not a photo")})
    assert fake.status_code == 400 and "is not a JPEG photo" in fake.content.decode()
    assert_public(fake)


def test_victim_pages_need_csrf(world: World) -> None:
    client, _ = _victim_client(world)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    response = strict.post("/victim/diary/new", {"what_happened": "x"})
    assert response.status_code == 403
    assert DiaryEntry.objects.count() == 0


def test_quick_exit_ends_the_session(world: World) -> None:
    client, _ = _victim_client(world)
    response = client.get("/quick-exit")
    assert response.status_code == 302 and response["Location"].startswith("https://")
    assert client.get("/victim").status_code == 401


@pytest.mark.parametrize("who", sorted(ROLES))
def test_triage_pages_by_role(world: World, who: str) -> None:
    online = actions.submit_online_report(
        SubmitOnlineReport.from_dict(dict(REPORT)), caller="pages"
    )
    item = actions.submit_information(SubmitInformation.from_dict(dict(INFORMATION)))
    page = world.page(who)
    stored = page.session
    stored[PURPOSE_KEY] = {"reason": "Triage review", "until": 32503680000}
    stored.save()
    triagers = {"officer_cn", "supervisor_cn", "admin", "officer_ne"}
    queue = page.get("/triage")
    assert queue.status_code == (200 if who in triagers else 403)
    detail = page.get(f"/triage/online/{online.pk}")
    information = page.get(f"/triage/information/{item.pk}")
    _, token, passcode = victim.create_access(world.users["officer_cn"], world.reports["cn"].pk)
    session, _ = victim.open_session(token, passcode, caller="pages")
    entry = victim.add_diary_entry(
        session,
        AddDiaryEntry.from_dict(
            {"occurred_at": "2026-03-01T10:00:00+00:00", "what_happened": "At the door."}
        ),
    )
    diary = page.get(f"/triage/diary/{entry.pk}")
    report_id = world.reports["cn"].pk
    link = page.post(f"/reports/{report_id}/victim-link")
    revoke = page.post(f"/victim-links/{session.access_id}/revoke")
    codes = (detail, information, diary, link, revoke)
    if who in {"officer_cn", "supervisor_cn", "admin"}:
        assert [r.status_code for r in codes] == [200, 200, 200, 200, 302]
        assert online.report.reference in queue.content.decode()
        assert "/victim/" in link.content.decode()
    elif who == "officer_ne":
        assert [r.status_code for r in codes] == [404, 404, 404, 404, 404]
    else:
        assert [r.status_code for r in codes] == [403, 403, 403, 403, 403]


def test_officer_accepts_an_online_report_and_a_diary_entry(world: World) -> None:
    online = actions.submit_online_report(
        SubmitOnlineReport.from_dict(dict(REPORT)), caller="pages"
    )
    page = world.page("officer_cn")
    response = page.post(f"/triage/online/{online.pk}")
    assert response.status_code == 302
    report = Report.objects.get(pk=online.report_id)
    assert report.status == "open" and report.allocated_officer == world.users["officer_cn"]
    roles = sorted(report.parties.values_list("role", flat=True))
    assert roles == ["suspect", "victim"]
    assert OnlineReport.objects.get().status == "accepted"
    client, _ = _victim_client(world)
    client.post(
        "/victim/diary/new",
        {"day": "1", "month": "3", "year": "2026", "what_happened": "At the door again."},
    )
    entry = DiaryEntry.objects.get()
    shown = page.get(f"/reports/{entry.report_id}").content.decode()
    assert "Victim&#x27;s page" in shown or "Victim's page" in shown
    page.post(f"/triage/diary/{entry.pk}", {"action": "accept", "behaviours": ["turning_up"]})
    assert Occasion.objects.filter(report=entry.report, source="victim_diary").count() == 1


def test_person_page_shows_graded_intelligence(world: World) -> None:
    item = actions.submit_information(SubmitInformation.from_dict(dict(INFORMATION)))
    officer = world.users["officer_cn"]
    actions.grade_information(
        officer,
        item.pk,
        GradeInformation.from_dict(
            {
                "source_evaluation": "2",
                "assessment": "C",
                "handling": "P",
                "sanitised": "Seen nearby.",
            }
        ),
    )
    actions.link_information(officer, item.pk, world.persons["suspect_cn"].pk)
    html = world.page("officer_cn").get(f"/persons/{world.persons['suspect_cn'].pk}").content
    assert b"Seen nearby." in html and b"2C P" in html
    assert INFORMATION["what"].encode() not in html
