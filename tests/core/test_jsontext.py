"""``dumps_indented`` writes what ``json.dumps(..., sort_keys, ensure_ascii=False, indent=2)``
writes, byte for byte, and refuses what it refuses."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest

from foursight.core.jsontext import dumps_indented


class Colour(StrEnum):
    RED = "red"


def _reference(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)


VALUES = [
    {},
    [],
    (),
    "",
    0,
    None,
    {"b": 1, "a": [1, 2.5, True, None, "x"], "c": {}, "d": [], "e": [[]], "f": [{}]},
    ["e1", "e2", 'é \u2028 "quoted" \\ \n\t\x00 \U0001f621'],
    [1, 2, 3],
    [True, False],
    [1, True, 2.0],
    [0.1, 1e-07, 1e22, -0.0, float("nan"), float("inf"), float("-inf")],
    (1, ("a", "b")),
    {"n": 10**30, "t": True, "f": False, "z": None, "s": 3.0},
    [Colour.RED, "plain"],
    [Colour.RED],
    {"k": Colour.RED, "nested": {"deeper": [{"x": [Colour.RED, 1]}]}},
    {"\u00e9": 1, "e": 2, "Z": 3},
]


@pytest.mark.parametrize("value", VALUES)
def test_the_same_text_as_the_standard_library(value):
    assert dumps_indented(value) == _reference(value)


def test_keys_the_standard_library_converts_or_refuses_are_left_to_it():
    assert dumps_indented({1: "a", 2: "b"}) == _reference({1: "a", 2: "b"})
    with pytest.raises(TypeError):
        dumps_indented({"a": 1, 2: "b"})  # keys it cannot sort
    with pytest.raises(TypeError):
        dumps_indented({"a": object()})


def test_a_conduct_result_is_written_the_same(tmp_path):
    from datetime import UTC, datetime, timedelta

    from foursight.core.conduct import analyse_conduct
    from foursight.core.events import Channel, ContactEvent, Direction, EventKind, TsConfidence

    start = datetime(2024, 3, 1, 21, tzinfo=UTC)
    bodies = ["I know where you live", "answer me", "ok", "I'm outside", "please stop"]
    events = [
        ContactEvent(
            event_id=f"e{n}",
            source_file_sha256="0" * 64,
            source_locator=f"row {n}",
            channel=Channel.SMS,
            direction=Direction.OUT if n % 5 == 4 else Direction.IN,
            counterpart_raw="07700 900123",
            counterpart="+447700900123",
            author_label="",
            ts_raw="",
            ts_utc=start + timedelta(hours=7 * n),
            tz_assumed="Europe/London",
            ts_confidence=TsConfidence.EXACT,
            body=bodies[n % 5],
            kind=EventKind.MESSAGE,
        )
        for n in range(40)
    ]
    out = analyse_conduct(events, suspect_ids=["07700 900123"]).to_json()
    assert out["threats"] and out["stops"]
    assert dumps_indented(out) == _reference(out)
