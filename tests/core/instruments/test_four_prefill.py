"""FOUR answers suggested by a conduct analysis: yes only, with reasons and events."""

from __future__ import annotations

from foursight.core.instruments.prefill import MAX_CITED, four_suggestions

CONDUCT = {
    "contacts_in_scope": 9,
    "four": {
        "fixated": {
            "indicated": True,
            "indicators": {"days_with_contact": 6, "turning_up_events": 1},
            "event_ids": ["f1", "f2"],
        },
        "obsessive": {"indicated": False, "indicators": {}, "event_ids": []},
        "unwanted": {
            "indicated": True,
            "indicators": {"stop_requests": 2, "contacts_after_first_stop": 4},
            "event_ids": [f"u{n}" for n in range(9)],
        },
        "repeated": {
            "indicated": True,
            "indicators": {"contacts": 9, "occasions": 6},
            "event_ids": ["r1"],
        },
    },
    "occasions": [{"event_ids": ["o1", "o2"]}, {"event_ids": ["o3"]}],
    "stops": [
        {"event_id": "s1", "contacts_after": {"events": 4, "event_ids": ["a1", "a2", "a3"]}},
        {"event_id": "s2", "contacts_after": {"events": 0, "event_ids": []}},
    ],
    "new_identifiers_after_block": [{"first_event_id": "n1"}],
    "threats": [
        {"category": "THREAT_VIOLENCE", "event_id": "t1", "rule": "TV-001", "in_scope": True},
        {"category": "THREAT_VIOLENCE", "event_id": "t2", "rule": None, "in_scope": True},
        {"category": "TURNING_UP", "event_id": "t3", "rule": "TU-003", "in_scope": False},
        {"category": "SURVEILLANCE", "event_id": "t4", "rule": "SV-001", "in_scope": True},
    ],
}


def test_suggests_yes_with_reasons_and_events() -> None:
    got = four_suggestions(CONDUCT)
    assert got["fixated"].why == "6 days with contact; 1 message about turning up"
    assert got["fixated"].event_ids == ("f1", "f2")
    assert got["unwanted"].why == "2 requests to stop; 4 contacts after the first request to stop"
    assert len(got["unwanted"].event_ids) == MAX_CITED
    assert got["repeated"].why == "9 contacts on 6 occasions"
    assert got["act_contacting"].event_ids == ("o1", "o3")
    assert got["beh_unwanted_messages"].event_ids == ("s1", "a1", "a2", "n1")
    assert {s.answer for s in got.values()} == {"yes"}


def test_never_suggests_from_what_is_not_measured() -> None:
    got = four_suggestions(CONDUCT)
    assert "obsessive" not in got  # not indicated: no suggestion, never "no"
    assert got["beh_threats"].event_ids == ("t1",)  # the model's hit t2 is a prompt only
    assert "beh_turning_up" not in got  # t3 is from an identifier out of scope
    assert got["act_watching"].why == "1 message showing the victim is watched matched a rule"


def test_no_analysis_no_suggestions() -> None:
    assert four_suggestions(None) == {}
    assert four_suggestions({}) == {}
