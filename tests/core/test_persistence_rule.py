"""The rule that flags harassment reports for review as stalking, on plain data."""

from __future__ import annotations

from typing import Any

from foursight.core.persistence import (
    harassment_codes,
    recorded_as_harassment,
    stalking_codes,
    stalking_review,
)


def _four(**indicated: bool) -> dict[str, Any]:
    return {
        "fixated": {
            "indicated": indicated.get("fixated", False),
            "indicators": {"days_with_contact": 9},
        },
        "obsessive": {"indicated": indicated.get("obsessive", False), "indicators": {"bursts": 0}},
        "unwanted": {
            "indicated": indicated.get("unwanted", False),
            "indicators": {"contacts_after_first_stop": 5},
        },
        "repeated": {"indicated": indicated.get("repeated", False), "indicators": {"occasions": 4}},
    }


def test_which_codes_record_harassment_and_which_stalking() -> None:
    assert {"8L", "8L-2", "8L-4", "8M"} <= harassment_codes()
    assert {"8Q", "8Q-2A", "8Q-4AF", "8M-S"} <= stalking_codes()
    assert not harassment_codes() & stalking_codes()
    assert "BSPO" not in stalking_codes()  # a breach of an SPO records the breach, not stalking
    assert recorded_as_harassment(["8L", "8R"])
    assert not recorded_as_harassment(["8L", "8Q"])
    assert not recorded_as_harassment(["8R"])


def test_conduct_four_flags_with_the_measured_reasons() -> None:
    review = stalking_review(["8L"], _four(fixated=True, unwanted=True, repeated=True))
    assert review is not None
    (reason,) = review.reasons
    assert reason.startswith("Conduct analysis of the evidence shows FOUR")
    assert "fixated (days with contact 9)" in reason
    assert "unwanted (contacts after first stop 5)" in reason
    assert "obsessive" not in reason


def test_conduct_without_the_whole_pattern_does_not_flag() -> None:
    assert stalking_review(["8L"], _four(fixated=True, repeated=True)) is None
    assert stalking_review(["8L"], _four(unwanted=True, repeated=True)) is None
    assert stalking_review(["8L"], _four(obsessive=True, unwanted=True)) is None
    assert stalking_review(["8L"], {}) is None


def test_screen_flags_and_both_sources_are_given() -> None:
    screens = [("FOUR screen of 2026-03-04 by pc1", {"stalking_indicated": True})]
    review = stalking_review(["8M"], _four(obsessive=True, unwanted=True, repeated=True), screens)
    assert review is not None and len(review.reasons) == 2
    assert review.reasons[1] == "FOUR screen of 2026-03-04 by pc1: stalking indicated"
    quiet = [("FOUR screen", {"stalking_indicated": False, "course_of_conduct": True})]
    assert stalking_review(["8M"], None, quiet) is None


def test_reports_already_recorded_as_stalking_are_not_flagged() -> None:
    screens = [("FOUR screen", {"stalking_indicated": True})]
    assert stalking_review(["8L", "8Q-4AF"], None, screens) is None
