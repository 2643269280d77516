"""File entry point for ``foursight link dedupe --input FILE --output FILE``.

Input is CSV (header row) or Parquet with any of the columns mention_id, first_name,
surname, dob, phone, email, handle, postcode; ``mention_id`` is required, other missing
columns are allowed and extra columns are ignored. ``dob`` is ``YYYY-MM-DD`` or empty.
Output is CSV: mention_id, person_id, match_probability_max.

Bad input raises :class:`~foursight.errors.InvalidInput` naming the file, the line
(CSV; the header is line 1) or row (Parquet), and the column.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from foursight.core.linkage.backends import BackendName
from foursight.core.linkage.clean import INPUT_COLUMNS
from foursight.core.linkage.model import ModelParams
from foursight.core.linkage.run import LinkageRun, run_linkage
from foursight.errors import InvalidInput

OUTPUT_COLUMNS = ("mention_id", "person_id", "match_probability_max")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _where(path: Path, row: int, parquet: bool) -> str:
    return f"{path}: row {row + 1}" if parquet else f"{path}: line {row + 2}"


def _read(path: Path) -> tuple[pa.Table, bool]:
    parquet = path.suffix.lower() in {".parquet", ".pq"}
    try:
        if parquet:
            table = pq.read_table(path)
        else:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle), [])
            known = [c for c in header if c in INPUT_COLUMNS]
            table = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in known},
                    include_columns=known,
                    strings_can_be_null=True,
                    null_values=[""],
                ),
            )
    except FileNotFoundError as exc:
        raise InvalidInput(f"{path}: no such file.", field="input") from exc
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"{path}: cannot be read as {'Parquet' if parquet else 'CSV'}: {exc}", field="input"
        ) from exc
    return table, parquet


def read_mentions_file(path: str | Path) -> pa.Table:
    """Read and validate a mentions file into an Arrow table of string columns."""
    source = Path(path)
    table, parquet = _read(source)
    if "mention_id" not in table.column_names:
        raise InvalidInput(
            f"{source}: line 1, column mention_id: the column is missing.", field="mention_id"
        )
    columns = {}
    for name in INPUT_COLUMNS:
        if name not in table.column_names:
            continue
        try:
            column = table.column(name).cast(pa.string())
        except pa.ArrowInvalid as exc:
            raise InvalidInput(f"{source}: column {name}: not text: {exc}", field=name) from exc
        columns[name] = pc.utf8_trim_whitespace(column.combine_chunks())
    out = pa.table(columns)
    ids = out.column("mention_id")
    blank = pc.fill_null(pc.equal(ids, ""), True)
    if pc.any(blank).as_py():
        row = pc.index(blank, True).as_py()
        raise InvalidInput(
            f"{_where(source, row, parquet)}, column mention_id: empty.", field="mention_id"
        )
    seen: dict[str, int] = {}
    for row, value in enumerate(ids.to_pylist()):
        if value in seen:
            raise InvalidInput(
                f"{_where(source, row, parquet)}, column mention_id: {value!r} repeats "
                f"{_where(source, seen[value], parquet).split(': ', 1)[1]}.",
                field="mention_id",
            )
        seen[value] = row
    if "dob" in out.column_names:
        for row, value in enumerate(out.column("dob").to_pylist()):
            if value and not _valid_iso(value):
                raise InvalidInput(
                    f"{_where(source, row, parquet)}, column dob: {value!r} is not a "
                    "YYYY-MM-DD date.",
                    field="dob",
                )
    return out


def _valid_iso(value: str) -> bool:
    if not _ISO.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def dedupe_file(
    input_path: str | Path,
    output_path: str | Path,
    *,
    backend: BackendName = "duckdb",
    params: ModelParams | None = None,
    **options: Any,
) -> LinkageRun:
    """Deduplicate the mentions in ``input_path`` and write person ids to ``output_path``."""
    mentions = read_mentions_file(input_path)
    run = run_linkage(mentions, backend=backend, params=params, **options)
    result = run.clusters.select(list(OUTPUT_COLUMNS))
    try:
        # The csv module quotes only values that need it, so the file reads plainly.
        with Path(output_path).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            for mention, person, best in zip(
                *(result.column(c).to_pylist() for c in OUTPUT_COLUMNS), strict=True
            ):
                writer.writerow((mention, person, "" if best is None else repr(best)))
    except OSError as exc:
        raise InvalidInput(f"{output_path}: cannot be written: {exc}", field="output") from exc
    return run
