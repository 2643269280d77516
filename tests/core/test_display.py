"""The one display rule: evidence in UTC (labelled), everything else in UK local time."""

from datetime import UTC, date, datetime

from foursight.core import display

SUMMER = datetime(2026, 7, 6, 19, 5, 12, tzinfo=UTC)
WINTER = datetime(2026, 1, 6, 19, 5, 12, tzinfo=UTC)


def test_evidence_is_utc_and_says_so_in_summer() -> None:
    assert display.evidence_time(SUMMER) == "6 Jul 2026, 19:05:12 UTC"
    assert display.evidence_time(SUMMER, seconds=False) == "6 Jul 2026, 19:05 UTC"


def test_local_time_names_its_zone() -> None:
    assert display.local_time(SUMMER) == "6 Jul 2026, 20:05 BST"
    assert display.local_time(WINTER) == "6 Jan 2026, 19:05 GMT"


def test_one_date_format_and_a_late_evening_in_summer_is_the_next_day_locally() -> None:
    assert display.day(date(2026, 3, 4)) == "4 Mar 2026"
    assert display.day(datetime(2026, 7, 6, 23, 30, tzinfo=UTC)) == "7 Jul 2026"


def test_rates_are_percentages() -> None:
    assert display.percent(0.1288) == "12.9%"
    assert display.percent(None) == ""


def test_a_date_of_birth_is_written_as_far_as_it_is_known() -> None:
    assert display.birth("2004-05-19") == "19 May 2004"
    assert display.birth("1985-06") == "Jun 1985"
    assert display.birth("1985") == "1985"
    assert display.birth("") == "" and display.birth(None) == ""
    assert display.birth("1985-13") == "1985-13"  # not a date: shown as typed
