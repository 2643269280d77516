"""Dates and times as people type them: UK day order, partial births, UK local time to UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from foursight.core.typed_dates import (
    parse_birth,
    parse_day,
    parse_day_parts,
    parse_local_time,
    split_local,
)
from foursight.errors import InvalidInput


@pytest.mark.parametrize(
    "text", ["4/3/1991", "04/03/1991", "4-3-1991", "4.3.1991", "4 3 1991", "1991-03-04"]
)
def test_a_date_is_read_day_first_or_iso(text: str) -> None:
    assert parse_day(text) == date(1991, 3, 4)


def test_a_day_that_does_not_exist_says_why() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day("31/02/2026", "Date of the hearing")
    assert caught.value.message == (
        "Date of the hearing must be a real date: February 2026 has 28 days"
    )


@pytest.mark.parametrize("text", ["", "tomorrow", "3/1991/4", "13/13/2026", "1/1/0099"])
def test_other_bad_dates_are_refused_naming_the_label(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day(text, "Date")
    assert caught.value.message.startswith("Date ")
    assert "date_" not in caught.value.message


def test_the_date_input_boxes() -> None:
    assert parse_day_parts("4", "3", "1991") == date(1991, 3, 4)
    with pytest.raises(InvalidInput, match="must include a month"):
        parse_day_parts("4", "", "1991")
    with pytest.raises(InvalidInput, match="has 29 days"):
        parse_day_parts("30", "2", "2028")


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("", ""),
        ("1991", "1991"),
        ("3/1991", "1991-03"),
        ("03/1991", "1991-03"),
        ("1991-03", "1991-03"),
        ("04/03/1991", "1991-03-04"),
        ("1991-03-04", "1991-03-04"),
    ],
)
def test_a_date_of_birth_may_be_partial(text: str, held: str) -> None:
    assert parse_birth(text) == held


def test_a_date_of_birth_that_is_not_a_date() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_birth("4th March")
    assert caught.value.message.startswith("Date of birth must be a date such as 4/3/1991")
    with pytest.raises(InvalidInput, match="month must be 1 to 12"):
        parse_birth("13/1991")


def test_summer_time_is_an_hour_ahead_of_utc() -> None:
    assert parse_local_time("6/7/2026", "20:05") == datetime(2026, 7, 6, 19, 5, tzinfo=UTC)


def test_winter_time_is_utc() -> None:
    assert parse_local_time("6/1/2026", "8:05pm") == datetime(2026, 1, 6, 20, 5, tzinfo=UTC)


def test_the_hour_the_clocks_skip_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_local_time("29/3/2026", "01:30", time_label="Time it started")
    assert "did not happen in the UK" in caught.value.message
    assert caught.value.message.startswith("Time it started 01:30 on 29 March 2026")
    assert parse_local_time("29/3/2026", "00:59") == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert parse_local_time("29/3/2026", "02:00") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_the_hour_that_happens_twice_needs_its_zone() -> None:
    with pytest.raises(InvalidInput, match="happened twice"):
        parse_local_time("25/10/2026", "01:30")
    assert parse_local_time("25/10/2026", "01:30 BST") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert parse_local_time("25/10/2026", "01:30 GMT") == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_a_zone_that_does_not_match_the_day_is_refused() -> None:
    with pytest.raises(InvalidInput, match="is GMT, not BST"):
        parse_local_time("6/1/2026", "10:00 BST")
    assert parse_local_time("6/7/2026", "10:00 UTC") == datetime(2026, 7, 6, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["25:00", "12:61", "13pm", "noon", ""])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_local_time("6/7/2026", text)
    assert caught.value.message.startswith("Time ")


def test_a_stored_time_is_shown_back_in_uk_local_time() -> None:
    assert split_local(datetime(2026, 7, 6, 19, 5, tzinfo=UTC)) == ("6/7/2026", "20:05")
    assert split_local(None) == ("", "")
