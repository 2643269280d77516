"""Stop requests, blocks, contact after them, and new identifiers after a block."""

from __future__ import annotations

from datetime import datetime, timedelta

from foursight.core.conduct import analyse_conduct
from foursight.core.events import Channel, Direction, EventKind

T0 = datetime(2024, 5, 6, 9, 0)
NEW = "+447700900999"


def _stop_then_contacts(ev):
    return [
        ev(1, T0, "you can't ignore me"),
        ev(2, T0 + timedelta(minutes=5), "pick up"),
        ev(3, T0 + timedelta(hours=1), "Please stop contacting me.", direction=Direction.OUT),
        ev(4, T0 + timedelta(hours=3), "why are you being like this"),
        ev(5, T0 + timedelta(hours=4), "", kind=EventKind.CALL_MISSED, channel=Channel.CALL),
        ev(6, T0 + timedelta(days=1), "answer me"),
    ]


def test_stop_request_then_contacts_after(ev, suspect):
    out = analyse_conduct(_stop_then_contacts(ev), suspect_ids=[suspect]).to_json()
    [stop] = out["stops"]
    assert stop.pop("message") == "Please stop contacting me."
    assert (stop.pop("tier"), stop.pop("score")) == ("rule", 1.0)
    assert "ST-006" in stop.pop("why")
    assert out["stops"] == [
        {
            "event_id": "e003",
            "time": "2024-05-06T10:00:00Z",
            "kind": "stop_request",
            "identifier": suspect,
            "channel": "sms",
            "rules": ["ST-006", "ST-001"],
            "text": "Please stop … stop contacting",
            "contacts_after": {
                "events": 3,
                "by_identifier_channel": [
                    {
                        "identifier": suspect,
                        "channel": "call",
                        "events": 1,
                        "first": "2024-05-06T13:00:00Z",
                        "last": "2024-05-06T13:00:00Z",
                    },
                    {
                        "identifier": suspect,
                        "channel": "sms",
                        "events": 2,
                        "first": "2024-05-06T12:00:00Z",
                        "last": "2024-05-07T09:00:00Z",
                    },
                ],
                "until_next_stop": 3,
                "event_ids": ["e004", "e005", "e006"],
            },
        }
    ]
    row = out["counterparts"][0]
    assert (row["events"], row["inbound"], row["outbound"], row["after_stop"]) == (6, 5, 1, 3)
    assert out["four"]["unwanted"]["indicated"] is True
    assert out["four"]["unwanted"]["indicators"]["contacts_after_first_stop"] == 3


def test_stop_sent_to_someone_else_is_not_a_stop(ev, suspect):
    events = [
        ev(1, T0, "hi"),
        ev(
            2,
            T0 + timedelta(hours=1),
            "leave me alone",
            direction=Direction.OUT,
            counterpart="+447700900555",
        ),
        ev(3, T0 + timedelta(hours=2), "hi again"),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert out["stops"] == []
    assert out["counterparts"][0]["after_stop"] == 0


def test_ordinary_outbound_message_is_not_a_stop(ev, suspect):
    events = [ev(1, T0, "Don't ring me before 9, I'm on nights", direction=Direction.OUT)]
    assert analyse_conduct(events, suspect_ids=[suspect]).to_json()["stops"] == []


def test_block_then_new_number_is_a_candidate(ev, suspect):
    events = [
        ev(1, T0, "answer the phone Jess", channel=Channel.WHATSAPP),
        ev(
            2,
            T0 + timedelta(hours=1),
            "You blocked this contact. Tap to unblock.",
            kind=EventKind.BLOCK,
            direction=Direction.OUT,
            channel=Channel.WHATSAPP,
        ),
        ev(3, T0 + timedelta(hours=3), "Jess answer the phone, it's me", counterpart=NEW),
        ev(4, T0 + timedelta(hours=3, minutes=1), "I know where you live", counterpart=NEW),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    assert [(s["event_id"], s["kind"]) for s in out["stops"]] == [("e002", "block")]
    assert out["new_identifiers_after_block"] == [
        {
            "identifier": NEW,
            "in_scope": False,
            "channels": ["sms"],
            "first_seen": "2024-05-06T12:00:00Z",
            "first_event_id": "e003",
            "events": 2,
            "after_stop": {"event_id": "e002", "kind": "block", "time": "2024-05-06T10:00:00Z"},
            "hours_since_stop": 2.0,
            "hours_since_last_in_scope_contact": 3.0,
            "shared_words": ["answer", "jess", "phone"],
            "word_overlap": 0.75,
            "threat_events": 1,
        }
    ]
    # Not attributed, so not counted in the suspect's FOUR contact figures ...
    assert out["four"]["repeated"]["indicators"]["contacts"] == 1
    # ... but shown as evading a block.
    assert out["four"]["obsessive"]["indicators"]["new_identifiers_after_stop"] == 1


def test_number_seen_before_the_block_is_not_new(ev, suspect):
    events = [
        ev(1, T0, "hi", counterpart=NEW),
        ev(2, T0 + timedelta(hours=1), "", kind=EventKind.BLOCK, direction=Direction.OUT),
        ev(3, T0 + timedelta(hours=2), "hi again", counterpart=NEW),
    ]
    assert (
        analyse_conduct(events, suspect_ids=[suspect]).to_json()["new_identifiers_after_block"]
        == []
    )


def test_first_blocked_call_is_a_stop_and_later_ones_are_contact_after(ev, suspect):
    calls = [
        ev(i, T0 + timedelta(minutes=i), "", kind=EventKind.CALL_BLOCKED, channel=Channel.CALL)
        for i in (1, 2, 3)
    ]
    out = analyse_conduct(calls, suspect_ids=[suspect]).to_json()
    assert [(s["event_id"], s["kind"]) for s in out["stops"]] == [("e001", "call_blocked")]
    assert out["stops"][0]["contacts_after"]["event_ids"] == ["e002", "e003"]
    assert out["stops"][0]["contacts_after"]["until_next_stop"] == 2
    assert out["four"]["unwanted"]["indicators"]["blocked_calls"] == 3


def test_victims_messages_in_a_one_to_one_chat_are_with_the_other_party(ev):
    # Chat exports leave the victim's own messages without a counterpart.
    events = [
        ev(1, T0, "you can't ignore me", channel=Channel.WHATSAPP, counterpart="Sam K"),
        ev(
            2,
            T0 + timedelta(hours=1),
            "Leave me alone",
            direction=Direction.OUT,
            channel=Channel.WHATSAPP,
            counterpart="",
        ),
        ev(3, T0 + timedelta(hours=2), "never", channel=Channel.WHATSAPP, counterpart="Sam K"),
    ]
    out = analyse_conduct(events, suspect_ids=["sam k"]).to_json()  # names match case-insensitively
    assert [(s["identifier"], s["contacts_after"]["events"]) for s in out["stops"]] == [
        ("Sam K", 1)
    ]


def test_event_ids_after_each_stop_run_to_the_next_stop(ev, suspect):
    events = [
        ev(1, T0, "hi"),
        ev(2, T0 + timedelta(hours=1), "Leave me alone", direction=Direction.OUT),
        ev(3, T0 + timedelta(hours=2), "no"),
        ev(4, T0 + timedelta(hours=3), "Stop messaging me", direction=Direction.OUT),
        ev(5, T0 + timedelta(hours=4), "make me"),
    ]
    out = analyse_conduct(events, suspect_ids=[suspect]).to_json()
    after = [s["contacts_after"] for s in out["stops"]]
    assert [(a["events"], a["until_next_stop"], a["event_ids"]) for a in after] == [
        (2, 1, ["e003"]),
        (1, 1, ["e005"]),
    ]
    assert out["four"]["unwanted"]["event_ids"] == ["e002", "e003", "e004", "e005"]
