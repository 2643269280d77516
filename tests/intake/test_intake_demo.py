"""The demo: anonymous items in the queue, an online report, and a victim link printed
with its passcode that really opens the victim's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from foursight.intake import demo_data
from foursight.intake.models import DiaryEntry, IntelligenceItem, OnlineReport
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db


def test_demo_loads_and_prints_a_working_link(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    make_user("officer.cn", "officer", "CN")
    made = demo_data.load()
    assert made == {
        "anonymous items": 4,
        "graded and linked": 1,
        "online reports": 1,
        "victim links": 1,
    }
    assert IntelligenceItem.objects.filter(status="new").count() == 3
    assert OnlineReport.objects.count() == 1 and DiaryEntry.objects.count() == 1
    out = capsys.readouterr().out
    found = re.search(r"open (/victim/\S+) on the server .* passcode (\d{8})", out)
    assert found is not None, out
    client = Client()
    response = client.post(found.group(1), {"passcode": found.group(2)})
    assert response.status_code == 302
    assert "He was waiting across the road" in client.get("/victim").content.decode()
