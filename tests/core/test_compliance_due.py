"""Compliance check due dates from the conditions, on plain data."""

from __future__ import annotations

from datetime import date

import pytest

from foursight.core.compliance import (
    CheckableCondition,
    first_check_due,
    interval_days,
    next_check_due,
)

D = date(2026, 3, 10)


def test_intervals_come_from_the_data_file() -> None:
    assert interval_days("bail", "curfew") == 7
    assert interval_days("order", "no_contact") == 28
    assert interval_days("order", "unheard_of") == interval_days("order", "other")


@pytest.mark.parametrize(
    ("source", "kinds", "failed", "due"),
    [
        ("bail", ["curfew"], False, date(2026, 3, 17)),
        ("bail", ["residence", "curfew"], False, date(2026, 3, 17)),  # tightest wins
        ("order", ["no_contact"], False, date(2026, 4, 7)),
        ("order", ["no_contact", "exclusion_address"], False, date(2026, 3, 24)),
        ("order", ["no_contact"], True, date(2026, 3, 12)),  # a failure brings it forward
    ],
)
def test_next_due(source: str, kinds: list[str], failed: bool, due: date) -> None:
    conditions = [CheckableCondition(k, date(2026, 3, 1)) for k in kinds]
    assert next_check_due(source, conditions, D, failed=failed) == due  # type: ignore[arg-type]


def test_ended_conditions_set_nothing_and_none_past_the_end() -> None:
    ended = CheckableCondition("curfew", date(2026, 1, 1), date(2026, 2, 1))
    running = CheckableCondition("residence", date(2026, 1, 1), date(2026, 3, 20))
    assert next_check_due("bail", [ended], D, failed=False) is None
    # the curfew has ended: residence (14 days) would fall after the bail's end
    assert next_check_due("bail", [ended, running], D, failed=False) is None
    assert next_check_due("bail", [running], D, failed=True) == date(2026, 3, 12)
    assert next_check_due("bail", [], D, failed=False) is None


def test_first_check_of_new_conditions() -> None:
    made = [CheckableCondition("exclusion_zone", date(2026, 3, 1), date(2026, 4, 30))]
    assert first_check_due("bail", made) == date(2026, 3, 8)
    assert first_check_due("bail", []) is None
