"""The status and MAPPA rules of perpetrator interventions, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from foursight.core.interventions import StatusChange, check_mappa, check_status, is_backwards
from foursight.errors import InvalidInput

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("current", "new", "back"),
    [
        ("offered", "accepted", False),
        ("offered", "started", False),
        ("started", "completed", False),
        ("accepted", "dropped_out", False),
        ("started", "accepted", True),
        ("completed", "started", True),
        ("dropped_out", "offered", True),
    ],
)
def test_backwards(current: str, new: str, back: bool) -> None:
    assert is_backwards(current, new) is back


def test_forward_steps_pass_and_backward_needs_a_reason() -> None:
    check_status(None, None, StatusChange("offered", date(2026, 1, 1)), TODAY)
    check_status("offered", date(2026, 1, 1), StatusChange("started", date(2026, 2, 1)), TODAY)
    with pytest.raises(InvalidInput) as err:
        check_status("started", date(2026, 2, 1), StatusChange("accepted", date(2026, 3, 1)), TODAY)
    assert err.value.field == "reason" and "back to accepted" in err.value.message
    check_status(
        "started", date(2026, 2, 1), StatusChange("accepted", date(2026, 3, 1), "paused"), TODAY
    )


@pytest.mark.parametrize(
    ("current", "last_on", "change", "field"),
    [
        (None, None, StatusChange("finished", date(2026, 1, 1)), "status"),
        (None, None, StatusChange("offered", date(2026, 7, 1)), "on"),
        ("offered", date(2026, 3, 1), StatusChange("accepted", date(2026, 2, 1)), "on"),
        ("started", date(2026, 3, 1), StatusChange("started", date(2026, 3, 2)), "status"),
        ("completed", date(2026, 3, 1), StatusChange("dropped_out", date(2026, 3, 2)), "reason"),
    ],
)
def test_refused_changes_name_the_field(
    current: str | None, last_on: date | None, change: StatusChange, field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        check_status(current, last_on, change, TODAY)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("kind", "category", "level", "review_on", "field"),
    [
        ("mappa", None, 1, None, "mappa_category"),
        ("mappa", 2, 4, None, "mappa_level"),
        ("probation", 1, None, None, "mappa_category"),
        ("mappa", 1, 1, date(2025, 1, 1), "review_on"),
        ("anger", None, None, None, "kind"),
    ],
)
def test_mappa_details(
    kind: str, category: int | None, level: int | None, review_on: date | None, field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        check_mappa(kind, category, level, review_on, date(2026, 1, 1))
    assert err.value.field == field
    check_mappa("mappa", 2, 3, date(2026, 4, 1), date(2026, 1, 1))
    check_mappa("behaviour_change", None, None, None, date(2026, 1, 1))
