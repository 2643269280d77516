"""The JSON shape, determinism, volumes, bursts, withheld calls, threats and FOUR."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from foursight.core.conduct import ConductOccasion, ConductResult, analyse_conduct
from foursight.core.events import Channel, Direction, EventKind

T0 = datetime(2024, 2, 5, 20, 0)


def _case(ev):
    events = [ev(i, T0 + timedelta(minutes=2 * i), f"message {i}") for i in range(1, 6)]
    events += [
        ev(6, T0 + timedelta(days=1), "I know where you live"),
        ev(
            7,
            T0 + timedelta(days=1, hours=5),
            "",
            kind=EventKind.CALL_MISSED,
            channel=Channel.CALL,
            counterpart="",
            raw="",
            withheld=True,
        ),
        ev(8, T0 + timedelta(days=2), "Leave me alone", direction=Direction.OUT),
        ev(9, T0 + timedelta(days=3), "I'm outside your house"),
        ev(10, T0 + timedelta(days=3, minutes=1), "hi", counterpart="+447700900001"),
    ]
    return events


def test_top_level_shape(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect], victim_ids=["07700 900001"]).to_json()
    assert sorted(out) == [
        "analysis",
        "contacts_in_scope",
        "counterparts",
        "course_of_conduct",
        "course_of_conduct_detail",
        "escalation",
        "events",
        "four",
        "new_identifiers_after_block",
        "note",
        "occasions",
        "scope",
        "stops",
        "threats",
        "threats_set_aside",
        "volumes",
    ]
    assert out["events"] == 10
    assert out["scope"] == {
        "mode": "suspect_ids",
        "suspect_ids": [suspect],
        "victim_ids": ["+447700900001"],
        "excluded_own_events": 1,
        "warnings": [],
    }
    assert out["contacts_in_scope"] == 7
    assert out["analysis"]["threat_rules"]["id"] == "foursight.threat"
    assert out["analysis"]["sources"] == [{"sha256": "0" * 64, "events": 10}]
    assert "Nothing here is a finding that an offence was committed" in out["note"]


def test_same_input_gives_byte_identical_json_in_any_order(ev, suspect):
    events = _case(ev)
    first = json.dumps(analyse_conduct(events, suspect_ids=[suspect]).to_json(), sort_keys=True)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    again = json.dumps(analyse_conduct(shuffled, suspect_ids=[suspect]).to_json(), sort_keys=True)
    assert first == again


def test_counterparts_rows(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect, "withheld"]).to_json()
    rows = {r["identifier"]: r for r in out["counterparts"]}
    assert rows[suspect] | {"raw": None} == {
        "identifier": suspect,
        "raw": None,
        "in_scope": True,
        "channels": ["sms"],
        "events": 8,
        "inbound": 7,
        "outbound": 1,
        "first": "2024-02-05T20:02:00Z",
        "last": "2024-02-08T20:00:00Z",
        "night": 0,
        "withheld": 0,
        "after_stop": 1,
        "threat_events": 2,
    }
    assert (rows["withheld"]["withheld"], rows["withheld"]["night"]) == (1, 1)
    assert rows["+447700900001"]["in_scope"] is False
    assert rows["+447700900001"]["after_stop"] is None


def test_burst_needs_five_inside_ten_minutes(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect]).to_json()
    assert out["volumes"]["bursts"] == [
        {
            "identifier": suspect,
            "in_scope": True,
            "start": "2024-02-05T20:02:00Z",
            "end": "2024-02-05T20:10:00Z",
            "events": 5,
            "event_ids": ["e001", "e002", "e003", "e004", "e005"],
        }
    ]
    four_only = [e for e in _case(ev) if e.event_id != "e003"]
    assert analyse_conduct(four_only, suspect_ids=[suspect]).to_json()["volumes"]["bursts"] == []


def test_daily_and_weekly_volume(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect]).to_json()
    row = next(r for r in out["volumes"]["by_identifier_channel"] if r["identifier"] == suspect)
    assert row["per_day"] == {"2024-02-05": 5, "2024-02-06": 1, "2024-02-08": 1}
    assert row["per_week"] == {"2024-W06": 7}
    assert (row["max_per_day"], row["max_day"], row["days_active"]) == (5, "2024-02-05", 3)


def test_withheld_calls(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect]).to_json()
    assert out["volumes"]["withheld"] == {"events": 1, "event_ids": ["e007"]}


def test_threat_rows_carry_rule_severity_and_span(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect]).to_json()
    rules = [t for t in out["threats"] if t["tier"] == "rule"]
    for t in rules:
        assert t["message"][t["span"][0] : t["span"][1]] == t["text"]
        assert t["score"] == 1.0 and t["rule"] in t["why"]
    old = ("event_id", "time", "identifier", "in_scope", "rule", "category", "severity")
    assert [{k: t[k] for k in (*old, "text", "span")} for t in rules] == [
        {
            "event_id": "e006",
            "time": "2024-02-06T20:00:00Z",
            "identifier": suspect,
            "in_scope": True,
            "rule": "SV-001",
            "category": "SURVEILLANCE",
            "severity": 2,
            "text": "I know where you live",
            "span": [0, 21],
        },
        {
            "event_id": "e009",
            "time": "2024-02-08T20:00:00Z",
            "identifier": suspect,
            "in_scope": True,
            "rule": "TU-001",
            "category": "TURNING_UP",
            "severity": 3,
            "text": "I'm outside",
            "span": [0, 11],
        },
    ]


def test_four_summary(ev, suspect):
    out = analyse_conduct(_case(ev), suspect_ids=[suspect]).to_json()
    four = out["four"]
    assert four["fixated"] == {
        "indicated": True,
        "indicators": {
            "days_with_contact": 3,
            "surveillance_events": 1,
            "turning_up_events": 1,
            "third_party_events": 0,
        },
        "event_ids": ["e006", "e009"],
    }
    assert four["obsessive"]["indicated"] is True
    assert four["obsessive"]["indicators"]["bursts"] == 1
    # e010 is an unattributed number first seen after the stop: evasion, shown as such.
    assert four["obsessive"]["indicators"]["new_identifiers_after_stop"] == 1
    assert four["obsessive"]["event_ids"] == ["e001", "e002", "e003", "e004", "e005", "e010"]
    assert four["unwanted"]["indicators"] == {
        "stop_requests": 1,
        "blocks": 0,
        "contacts_after_first_stop": 1,
        "blocked_calls": 0,
        "withheld_calls": 0,
    }
    assert four["unwanted"]["event_ids"] == ["e008", "e009"]
    assert four["repeated"] == {
        "indicated": True,
        "indicators": {
            "occasions": 3,
            "weeks_with_contact": 1,
            "threatening_events": 0,
            "contacts": 7,
        },
        "event_ids": ["e001", "e006", "e009"],
    }


def test_withheld_call_with_a_raw_label_counts_as_withheld(ev, suspect):
    call = ev(
        1,
        T0,
        "",
        kind=EventKind.CALL_MISSED,
        channel=Channel.CALL,
        counterpart="",
        raw="Withheld",
        withheld=True,
    )
    out = analyse_conduct([call]).to_json()
    assert [(c["identifier"], c["withheld"]) for c in out["counterparts"]] == [("withheld", 1)]


def test_warns_when_every_counterpart_is_treated_as_the_suspect(ev):
    events = [ev(1, T0, "hi"), ev(2, T0, "hello", counterpart="+447700900555")]
    assert analyse_conduct(events).to_json()["scope"]["warnings"] == [
        "No suspect identifiers were given, so all 2 counterparts are treated as one suspect; "
        "name the suspect's identifiers for a multi-party export."
    ]
    notice = ev(
        3,
        T0,
        "Messages are end-to-end encrypted",
        kind=EventKind.SYSTEM,
        direction=Direction.UNKNOWN,
        channel=Channel.WHATSAPP,
        counterpart="",
    )
    assert analyse_conduct([notice]).to_json()["scope"]["warnings"] == [
        "1 events have no identifiable counterpart (group chats or notices)."
    ]


def test_the_result_is_typed_and_its_json_is_the_documented_dict(ev, suspect):
    result = analyse_conduct(_case(ev), suspect_ids=[suspect], victim_ids=["07700 900001"])
    assert isinstance(result, ConductResult) and result.files is None
    first = result.occasions[0]
    assert isinstance(first, ConductOccasion) and first.index == 1
    assert first.start.utcoffset() == timedelta(0) and first.start <= first.end
    out = result.to_json()
    assert out["occasions"][0]["start"] == first.start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert out["occasions"][0]["event_ids"] == list(first.event_ids)
    assert "files" not in out and out["events"] == result.events == 10
