"""Evidence times are quoted in UTC, labelled, on every page that shows them, summer too.

The regression: the timeline's "Time (UTC)" column printed London time, so a message
sent at 19:05Z in July showed as 20:05 (BST) beside a heading that said UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from foursight.evidence.models import StoredEvent
from tests.conftest import World
from tests.orders.test_orders_detection import _sms, import_backup, make_spo, write_backup

SUMMER = datetime(2026, 7, 6, 19, 5, 12, tzinfo=UTC)  # 20:05:12 BST in London
SHOWN = "6 Jul 2026, 19:05:12 UTC"
LONDON = re.compile(r"\b20:05\b")


@pytest.fixture
def summer(world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> int:
    """An order for the Camden report's victim, then a summer message from its subject."""
    order_id = make_spo(world)
    path = write_backup(
        tmp_path,
        [
            _sms("07700900456", SUMMER, 1, "I saw you at the station tonight"),
            _sms("07700900456", datetime(2026, 7, 8, 21, 30, tzinfo=UTC), 1, "Answer me"),
        ],
    )
    import_backup(world, path, django_capture_on_commit_callbacks)
    return order_id


def _visible(html: str) -> str:
    """The page as read: no tags, no machine-readable attribute values."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_timeline_shows_a_summer_event_at_its_utc_time(world: World, summer: int) -> None:
    event = StoredEvent.objects.get(report=world.reports["cn"], ts_utc=SUMMER)
    client = world.page("officer_cn")
    for url in (
        f"/reports/{world.reports['cn'].pk}/timeline",
        f"/reports/{world.reports['cn'].pk}/timeline?event={event.event_id}",
    ):
        page = client.get(url).content.decode()
        assert f'<time datetime="2026-07-06T19:05:12Z">{SHOWN}</time>' in page
        assert not LONDON.search(_visible(page)), url


def test_the_conduct_page_cites_the_summer_event_by_utc_time(world: World, summer: int) -> None:
    report = world.reports["cn"]
    event = StoredEvent.objects.get(report=report, ts_utc=SUMMER)
    page = world.page("officer_cn").get(f"/reports/{report.pk}/conduct").content.decode()
    # cited by time and a snippet, opening the event on the timeline, not by its hash
    link = f'href="/reports/{report.pk}/timeline?event={event.event_id}"'
    assert link in page
    assert SHOWN in page and "I saw you at the station tonight" in page
    assert f">{event.event_id[:12]}<" not in page
    assert not LONDON.search(_visible(page))


def test_the_order_page_shows_the_breach_event_at_its_utc_time(world: World, summer: int) -> None:
    page = world.page("officer_cn").get(f"/orders/{summer}").content.decode()
    assert SHOWN in page
    assert not LONDON.search(_visible(page))
