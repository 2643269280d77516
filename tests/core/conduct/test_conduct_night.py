"""Night-time contact in the stated zone, across both DST changes in Europe/London."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from foursight.core.conduct import ConductConfig, analyse_conduct
from foursight.errors import InvalidInput


def _spring_autumn(ev):
    return [
        ev(1, datetime(2024, 3, 30, 22, 30), "a"),  # 22:30 GMT: evening
        ev(2, datetime(2024, 3, 31, 22, 30), "b"),  # 23:30 BST: night
        ev(3, datetime(2024, 3, 30, 5, 30), "c"),  # 05:30 GMT: night
        ev(4, datetime(2024, 4, 1, 5, 30), "d"),  # 06:30 BST: morning
        ev(5, datetime(2024, 10, 26, 22, 30), "e"),  # 23:30 BST: night
        ev(6, datetime(2024, 10, 27, 1, 30), "f"),  # 01:30 GMT (after fall-back): night
        ev(7, datetime(2024, 10, 27, 22, 30), "g"),  # 22:30 GMT: evening
        ev(8, datetime(2024, 10, 27, 0, 30), "h"),  # 01:30 BST (first 01:30): night
    ]


def test_night_window_follows_local_time_across_dst(ev, suspect):
    out = analyse_conduct(_spring_autumn(ev), suspect_ids=[suspect]).to_json()
    night = out["volumes"]["night"]
    assert night["window"] == "23:00-06:00"
    assert night["tz"] == "Europe/London"
    assert night["event_ids"] == ["e003", "e002", "e005", "e008", "e006"]
    assert out["counterparts"][0]["night"] == 5


def test_night_window_in_another_zone(ev, suspect):
    # New York is on EDT from 10 March: 05:30 UTC is 01:30 there (night), while the
    # London small hours of 27 October are the evening of the 26th.
    out = analyse_conduct(
        _spring_autumn(ev), suspect_ids=[suspect], config=ConductConfig(tz="America/New_York")
    ).to_json()
    assert out["volumes"]["night"]["event_ids"] == ["e003", "e004"]


def test_window_is_configurable_and_may_not_wrap(ev, suspect):
    config = ConductConfig(night_start=time(1, 0), night_end=time(2, 0))
    out = analyse_conduct(_spring_autumn(ev), suspect_ids=[suspect], config=config).to_json()
    assert out["volumes"]["night"]["event_ids"] == ["e008", "e006"]
    assert out["analysis"]["config"]["night_window"] == "01:00-02:00"


def test_local_day_is_used_for_daily_volume(ev, suspect):
    # 23:30 UTC on 1 June is 00:30 BST on 2 June.
    out = analyse_conduct(
        [ev(1, datetime(2024, 6, 1, 23, 30), "x")], suspect_ids=[suspect]
    ).to_json()
    row = out["volumes"]["by_identifier_channel"][0]
    assert row["per_day"] == {"2024-06-02": 1}
    assert row["per_week"] == {"2024-W22": 1}


def test_unknown_zone_is_refused():
    with pytest.raises(InvalidInput, match="Mars/Olympus"):
        ConductConfig(tz="Mars/Olympus")
