"""The file entry point behind ``foursight link dedupe``."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from foursight.core.linkage import ModelParams, dedupe_file, read_mentions_file
from foursight.errors import InvalidInput

HEADER = "mention_id,first_name,surname,dob,phone,email,handle,postcode,report_ref\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_in_csv_out(tmp_path: Path, raw_mentions: pa.Table, params: ModelParams) -> None:
    source = tmp_path / "mentions.csv"
    table = raw_mentions.slice(0, 800).drop_columns(["person_truth", "handle"])
    rows = table.to_pylist()
    for row in rows:
        if row["dob"] and "/" in row["dob"]:
            day, month, year = row["dob"].split("/")
            row["dob"] = f"{year}-{month}-{day}"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*table.column_names, "extra"])
        writer.writeheader()
        writer.writerows({**r, "extra": "ignored"} for r in rows)
    out = tmp_path / "persons.csv"
    run = dedupe_file(source, out, params=params)
    assert out.read_text().splitlines()[0] == "mention_id,person_id,match_probability_max"
    with out.open(newline="") as handle:
        written = list(csv.DictReader(handle))
    assert list(written[0]) == ["mention_id", "person_id", "match_probability_max"]
    assert len(written) == 800 and run.clusters.num_rows == 800
    assert len({r["person_id"] for r in written}) < 800
    assert all(r["person_id"].startswith("P") for r in written)


def test_parquet_with_missing_columns(tmp_path: Path) -> None:
    source = tmp_path / "m.parquet"
    pq.write_table(pa.table({"mention_id": [1, 2], "surname": ["Smith", None]}), source)
    table = read_mentions_file(source)
    assert table.column_names == ["mention_id", "surname"]
    assert table.column("mention_id").to_pylist() == ["1", "2"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("first_name\nAnn\n", r"m\.csv: line 1, column mention_id: the column is missing"),
        (HEADER + "a,Ann,Lee,1985-13-01,,,,,\n", r"m\.csv: line 2, column dob: '1985-13-01'"),
        (
            HEADER + "a,Ann,Lee,,,,,,\nb,Bo,Lee,03/04/1985,,,,,\n",
            r"line 3, column dob: '03/04/1985'",
        ),
        (HEADER + "a,Ann,,,,,,,\n,Bo,,,,,,,\n", r"m\.csv: line 3, column mention_id: empty"),
        (
            HEADER + "a,Ann,,,,,,,\nb,,,,,,,,\na,Cy,,,,,,,\n",
            r"line 4, column mention_id: 'a' repeats line 2",
        ),
        (HEADER + "a,Ann\n", r"m\.csv: cannot be read as CSV"),
    ],
)
def test_bad_input_names_file_line_and_column(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_mentions_file(_write(tmp_path / "m.csv", body))


def test_missing_file_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_mentions_file(tmp_path / "absent.csv")
