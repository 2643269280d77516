"""Escalation: weekly series with empty weeks, least-squares slopes and trend labels."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from foursight.core.conduct import analyse_conduct
from foursight.core.conduct.escalation import slope, trend

MONDAY = datetime(2024, 1, 1, 12, 0)  # ISO week 2024-W01


def _weekly(ev, counts, bodies=None):
    events, n = [], 0
    for week, count in enumerate(counts):
        for i in range(count):
            n += 1
            body = (bodies or {}).get((week, i), "hello")
            events.append(ev(n, MONDAY + timedelta(weeks=week, hours=3 * i), body))
    return events


def test_slope_is_least_squares():
    assert slope([1, 2, 3, 4]) == 1.0
    assert slope([4, 3, 2, 1]) == -1.0
    assert slope([2, 2, 2]) == 0.0
    assert slope([1, 3]) == 2.0
    assert slope([5]) == 0.0
    assert slope([]) == 0.0


@pytest.mark.parametrize(
    ("value", "weeks", "label"),
    [
        (1.0, 4, "up"),
        (0.5, 4, "flat"),
        (-0.5, 4, "flat"),
        (-0.6, 4, "down"),
        (3.0, 1, "insufficient"),
    ],
)
def test_trend_labels(value, weeks, label):
    assert trend(value, weeks, 0.5) == label


def test_volume_escalating_week_on_week(ev, suspect):
    out = analyse_conduct(_weekly(ev, [1, 2, 3, 4]), suspect_ids=[suspect]).to_json()
    esc = out["escalation"]
    assert [(w["week"], w["start"], w["events"]) for w in esc["weeks"]] == [
        ("2024-W01", "2024-01-01", 1),
        ("2024-W02", "2024-01-08", 2),
        ("2024-W03", "2024-01-15", 3),
        ("2024-W04", "2024-01-22", 4),
    ]
    assert (esc["volume_slope"], esc["volume_trend"]) == (1.0, "up")
    assert (esc["severity_slope"], esc["severity_trend"]) == (0.0, "flat")


def test_volume_flat_and_quiet_weeks_count_as_zero(ev, suspect):
    out = analyse_conduct(_weekly(ev, [2, 0, 2]), suspect_ids=[suspect]).to_json()
    esc = out["escalation"]
    assert [w["events"] for w in esc["weeks"]] == [2, 0, 2]
    assert (esc["volume_slope"], esc["volume_trend"]) == (0.0, "flat")


def test_severity_rises_when_threats_appear_late(ev, suspect):
    bodies = {(2, 0): "I'm going to kill you", (1, 0): "I know where you live"}
    out = analyse_conduct(_weekly(ev, [1, 1, 1], bodies), suspect_ids=[suspect]).to_json()
    esc = out["escalation"]
    assert [(w["threat_events"], w["severity"]) for w in esc["weeks"]] == [(0, 0), (1, 2), (1, 4)]
    assert (esc["severity_slope"], esc["severity_trend"]) == (2.0, "up")
    assert esc["volume_trend"] == "flat"


def test_no_contacts_gives_insufficient(ev, suspect):
    out = analyse_conduct([], suspect_ids=[suspect]).to_json()
    assert out["escalation"]["weeks"] == []
    assert out["escalation"]["volume_trend"] == "insufficient"
