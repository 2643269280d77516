"""Occasions and the course-of-conduct test at the one-versus-two-occasion edge."""

from __future__ import annotations

from datetime import datetime, timedelta

from foursight.core.conduct import ConductConfig, analyse_conduct
from foursight.core.events import Direction, EventKind

T0 = datetime(2024, 3, 4, 12, 0)


def test_one_message_is_one_occasion_and_no_course_of_conduct(ev, suspect):
    out = analyse_conduct([ev(1, T0, "hello")], suspect_ids=[suspect]).to_json()
    assert out["course_of_conduct"] is False
    assert out["occasions"] == [
        {
            "index": 1,
            "start": "2024-03-04T12:00:00Z",
            "end": "2024-03-04T12:00:00Z",
            "local_date": "2024-03-04",
            "events": 1,
            "identifiers": [suspect],
            "channels": ["sms"],
            "event_ids": ["e001"],
        }
    ]
    assert out["course_of_conduct_detail"]["at_least_two_occasions"] is False
    assert out["course_of_conduct_detail"]["longest_gap_days"] is None


def test_contacts_exactly_one_gap_apart_stay_one_occasion(ev, suspect):
    events = [ev(1, T0, "hi"), ev(2, T0 + timedelta(hours=2), "answer")]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert [o["event_ids"] for o in out["occasions"]] == [["e001", "e002"]]
    assert out["course_of_conduct"] is False


def test_contacts_just_over_the_gap_make_two_occasions(ev, suspect):
    events = [ev(1, T0, "hi"), ev(2, T0 + timedelta(hours=2, seconds=1), "answer")]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert [o["event_ids"] for o in out["occasions"]] == [["e001"], ["e002"]]
    assert out["course_of_conduct"] is True
    detail = out["course_of_conduct_detail"]
    assert detail["occasions"] == 2
    assert detail["first"] == "2024-03-04T12:00:00Z"
    assert detail["last"] == "2024-03-04T14:00:01Z"
    assert detail["longest_gap_days"] == round(7201 / 86400, 4)


def test_gap_is_configurable(ev, suspect):
    events = [ev(1, T0, "hi"), ev(2, T0 + timedelta(minutes=45), "answer")]
    config = ConductConfig(occasion_gap=timedelta(minutes=30))
    out = analyse_conduct(events, suspect_ids=[suspect], config=config).to_json()
    assert out["course_of_conduct"] is True
    assert out["analysis"]["config"]["occasion_gap_minutes"] == 30.0


def test_unattributed_number_does_not_make_a_second_occasion(ev, suspect):
    events = [
        ev(1, T0, "hi"),
        ev(2, T0 + timedelta(days=3), "who is this", counterpart="+447700900999"),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert out["course_of_conduct"] is False
    assert [c["identifier"] for c in out["counterparts"] if not c["in_scope"]] == ["+447700900999"]
    # With no suspect named, every counterpart is in scope: two occasions.
    assert analyse_conduct(events).to_json()["course_of_conduct"] is True


def test_victims_own_messages_and_block_lines_are_not_conduct(ev, suspect):
    events = [
        ev(1, T0, "hi"),
        ev(2, T0 + timedelta(days=1), "who is this?", direction=Direction.OUT),
        ev(
            3,
            T0 + timedelta(days=2),
            "You blocked this contact",
            kind=EventKind.BLOCK,
            direction=Direction.OUT,
        ),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert out["course_of_conduct"] is False
    assert out["contacts_in_scope"] == 1


def test_occasion_spans_midnight_and_identifiers_of_one_suspect(ev, suspect):
    other = "+447700900777"
    events = [
        ev(1, datetime(2024, 1, 10, 23, 50), "up?"),
        ev(2, datetime(2024, 1, 11, 0, 20), "answer", counterpart=other),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect, "07700 900777"]).to_json()
    assert out["occasions"][0]["identifiers"] == [suspect, other]
    assert out["course_of_conduct"] is False


def test_gaps_between_occasions(ev, suspect):
    days = [0, 1, 3, 7]  # gaps of 1, 2 and 4 days
    events = [ev(i, T0 + timedelta(days=d), "x") for i, d in enumerate(days, start=1)]
    detail = analyse_conduct(events, suspect_ids=[suspect]).to_json()["course_of_conduct_detail"]
    assert (detail["occasions"], detail["span_days"]) == (4, 7.0)
    assert (detail["longest_gap_days"], detail["median_gap_days"]) == (4.0, 2.0)
