from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from foursight.core.identifiers import normalise_phone
from foursight.core.linkage.clean import (
    CLEAN_COLUMNS,
    canonical_forename,
    clean_handle,
    clean_mentions,
    clean_phone,
    parse_dob,
)
from foursight.errors import InvalidInput

TODAY = date(2026, 11, 25)


def test_one_mention_is_cleaned_and_raw_values_kept() -> None:
    table = clean_mentions(
        [
            {
                "mention_id": 17,
                "first_name": "  Mr. Bill-John ",
                "surname": "O'Brien-Smith",
                "dob": "03/04/1985",
                "phone": "0044 7700 900456",
                "email": " John.Smith+stalk@GoogleMail.com ",
                "handle": "https://instagram.com/J_Smith/",
                "postcode": "n19gu",
            }
        ],
        today=TODAY,
    )
    row = table.to_pylist()[0]
    assert row["mention_id"] == "17"
    assert row["first_name"] == "bill"
    assert row["first_name_canonical"] == "william"
    assert row["surname"] == "obrien smith"
    assert row["surname_metaphone"] == "OBRNSM0"
    assert row["dob"] == "1985-04-03"
    assert row["birth_year"] == "1985"
    assert row["phone"] == "+447700900456"
    assert row["email"] == "johnsmith@gmail.com"
    assert row["handle"] == "j_smith"
    assert row["postcode"] == "N1 9GU"
    assert row["raw_first_name"] == "  Mr. Bill-John "
    assert row["raw_dob"] == "03/04/1985"
    assert table.column_names[: len(CLEAN_COLUMNS)] == list(CLEAN_COLUMNS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1985-04-03", "1985-04-03"),
        ("19850403", "1985-04-03"),
        ("3.4.1985", "1985-04-03"),
        ("1900-01-01", None),
        ("01/01/1985", None),
        ("1970-01-01", None),
        ("1899-06-30", None),
        ("2030-05-05", None),
        ("1985-02-30", None),
        ("unknown", None),
        ("", None),
    ],
)
def test_dates_of_birth_placeholders_and_nonsense_become_null(
    raw: str, expected: str | None
) -> None:
    assert parse_dob(raw, TODAY) == expected


def test_missing_columns_are_null_and_extra_columns_dropped() -> None:
    table = clean_mentions(pa.table({"mention_id": ["a"], "colour": ["red"]}))
    row = table.to_pylist()[0]
    assert "colour" not in row
    assert row["surname"] is None and row["raw_surname"] is None and row["dob"] is None


def test_keep_passes_named_columns_through() -> None:
    table = clean_mentions(pa.table({"mention_id": ["a"], "report": ["R1"]}), keep=["report"])
    assert table.column("report").to_pylist() == ["R1"]


def test_fast_phone_path_agrees_with_identifiers_normaliser() -> None:
    for raw in ("07700900456", "07000 000000", "+447912345678", "07999-999999", "020 7946 0018"):
        assert clean_phone(raw) == normalise_phone(raw)


def test_handles_keep_a_platform_prefix_and_nicknames_map() -> None:
    assert clean_handle("Instagram:@J_Smith") == "instagram:j_smith"
    assert clean_handle("@J_Smith") == "j_smith"
    assert canonical_forename("peggy") == "margaret"
    assert canonical_forename("zebedee") == "zebedee"


def test_withheld_and_invalid_identifiers_become_null() -> None:
    row = clean_mentions(
        [{"mention_id": "x", "phone": "Withheld", "email": "not an email", "postcode": "SW1"}]
    ).to_pylist()[0]
    assert (row["phone"], row["email"], row["postcode"]) == (None, None, None)
    assert row["raw_phone"] == "Withheld"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"mention_id": "a"}, {"mention_id": "a"}], "Duplicate mention_id 'a'"),
        ([{"mention_id": "a"}, {"mention_id": " "}], "row 2 has no mention_id"),
        ([{"first_name": "x"}], "no mention_id column"),
    ],
)
def test_bad_mention_ids_are_refused(rows: list[dict[str, str]], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        clean_mentions(rows)
