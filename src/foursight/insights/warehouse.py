"""The insights export: the operational database's facts as Parquet, read by DuckDB.

``refresh()`` writes one Parquet file per table under ``<data dir>/insights/`` (each file
replaced atomically), then the rollups of ``rollups.py`` built from them by DuckDB;
``connect()`` opens DuckDB over them, refreshing first when the
export is older than ``settings.INSIGHTS_MAX_AGE`` seconds. The export holds no names:
persons appear only as opaque keys (for the repeat-offender share), so the files are
aggregates' raw material, not personal records. The table shapes are in ``queries.py``.
"""

from __future__ import annotations

import importlib
import os
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from foursight.cases.models import Occasion, Offence, Party, Report
from foursight.core import reference
from foursight.insights import funnel, path_export, rollups
from foursight.operations.models import Target
from foursight.prosecution.models import Step

TS = pa.timestamp("us")
_REFRESHING = threading.Lock()
BATCH = 100_000
SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema(
        [
            ("id", pa.int64()),
            ("reported_at", TS),
            ("bcu", pa.string()),
            ("outcome_code", pa.string()),
            ("outcome_date", pa.date32()),
            ("withdrawal_reason", pa.string()),
            ("charged_on", pa.date32()),
            ("trial_date", pa.date32()),
            ("cohort", pa.bool_()),
            ("channel", pa.string()),
            ("domestic_abuse", pa.bool_()),
            ("cyber_element", pa.bool_()),
        ]
    ),
    "offences": pa.schema(
        [("report_id", pa.int64()), ("code", pa.string()), ("category", pa.string())]
    ),
    "occasions": pa.schema([("report_id", pa.int64()), ("bcu", pa.string()), ("started_at", TS)]),
    "suspects": pa.schema([("report_id", pa.int64()), ("suspect_key", pa.string())]),
    "targets": pa.schema(
        [
            ("operation_id", pa.int64()),
            ("bcu", pa.string()),
            ("status", pa.string()),
            ("outcome_at", TS),
        ]
    ),
    # every charge on a suspect's path; ``operation_id`` when made in an operation
    "charges": pa.schema(
        [("operation_id", pa.int64()), ("bcu", pa.string()), ("charged_on", pa.date32())]
    ),
    "orders": pa.schema([("kind", pa.string()), ("bcu", pa.string()), ("made_on", pa.date32())]),
    "breaches": pa.schema([("status", pa.string()), ("bcu", pa.string()), ("occurred_at", TS)]),
    **path_export.SCHEMAS,
}


def directory() -> Path:
    return Path(settings.DATA_DIR) / "insights"


def _naive(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None


def _bcu_codes() -> dict[int, str]:
    """Unit id -> BCU code for every BCU and borough."""
    from foursight.accounts.models import Unit

    units = Unit.objects.exclude(kind=Unit.Kind.FORCE).select_related("parent")
    return {
        u.pk: (u.code if u.kind == Unit.Kind.BCU else (u.parent.code if u.parent else ""))
        for u in units
    }


def _cohort_reports() -> set[int]:
    """Reports whose suspect is on the latest force-wide highest-harm list, if one exists."""
    try:
        models = importlib.import_module("foursight.offenders.models")
    except ImportError:
        return set()
    ranking = models.HarmRanking.objects.filter(unit__isnull=True).first()
    if ranking is None:
        return set()
    offenders = ranking.entries.values("offender_id")
    return set(
        models.Mention.objects.filter(offender_id__in=offenders).values_list("report_id", flat=True)
    )


def _suspect_keys() -> Iterable[tuple[int, str]]:
    """(report, key): the linked offender where linkage has run, else the person record."""
    linked: dict[int, str] = {}
    try:
        models = importlib.import_module("foursight.offenders.models")
        for party_id, offender_id in models.Mention.objects.filter(
            offender__isnull=False
        ).values_list("party_id", "offender_id"):
            linked[party_id] = f"o{offender_id}"
    except ImportError:
        pass
    for pk, report_id, person_id in Party.objects.filter(role=Party.Role.SUSPECT).values_list(
        "pk", "report_id", "person_id"
    ):
        yield report_id, linked.get(pk, f"p{person_id}")


def rows_by_table() -> dict[str, Iterator[tuple[Any, ...]]]:
    """The facts of each table as row iterators over the operational database.

    Consumed in order: the reports first, since occasions take their report's BCU.
    """
    bcu = _bcu_codes()
    cohort = _cohort_reports()
    categories = reference.offence_categories()
    report_bcu: dict[int, str] = {}

    def reports() -> Iterator[tuple[Any, ...]]:
        rows = Report.objects.values_list(
            "pk",
            "reported_at",
            "unit_id",
            "outcome__code",
            "outcome__outcome_date",
            "outcome__withdrawal_reason",
            "outcome__charged_on",
            "outcome__trial_date",
            "channel",
            "domestic_abuse",
            "cyber_element",
        )
        for pk, at, unit, code, odate, reason, charged, trial, channel, da, cyber in rows.iterator(
            chunk_size=5000
        ):
            report_bcu[pk] = bcu.get(unit, "")
            yield (
                pk,
                _naive(at),
                report_bcu[pk],
                code,
                odate,
                reason or "",
                charged,
                trial,
                pk in cohort,
                channel,
                da,
                cyber,
            )

    def offences() -> Iterator[tuple[Any, ...]]:
        rows = Offence.objects.values_list("report_id", "code").iterator(chunk_size=5000)
        for report_id, code in rows:
            yield report_id, code, categories.get(code, "other")

    def occasions() -> Iterator[tuple[Any, ...]]:
        rows = Occasion.objects.values_list("report_id", "started_at").iterator(chunk_size=5000)
        for report_id, started in rows:
            yield report_id, report_bcu.get(report_id, ""), _naive(started)

    def targets() -> Iterator[tuple[Any, ...]]:
        rows = Target.objects.values_list("operation_id", "bcu_id", "status", "outcome_at")
        for op, unit, status, outcome_at in rows:
            yield op, bcu.get(unit, ""), status, _naive(outcome_at)

    def charges() -> Iterator[tuple[Any, ...]]:
        rows = Step.objects.filter(kind="charge").values_list(
            "operation_target__operation_id", "report__unit_id", "occurred_on"
        )
        for op, unit, on in rows.iterator(chunk_size=5000):
            yield op, bcu.get(unit, ""), on

    orders, breaches = _orders(bcu)
    return {
        "reports": reports(),
        "offences": offences(),
        "occasions": occasions(),
        "suspects": iter(_suspect_keys()),
        "targets": targets(),
        "charges": charges(),
        "orders": iter(orders),
        "breaches": iter(breaches),
        "path_reports": path_export.path_reports(),
        "arrests": path_export.arrests(bcu),
        "victims": path_export.victims(),
        "phones": path_export.phones(),
    }


def _write(rows: Iterator[tuple[Any, ...]], schema: pa.Schema, path: Path) -> int:
    """Stream rows to a Parquet file in batches, column by column (memory stays flat)."""
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        while True:
            batch = list(islice(rows, BATCH))
            columns = list(zip(*batch, strict=True)) if batch else [() for _ in schema.names]
            if batch or count == 0:
                writer.write_table(
                    pa.Table.from_arrays(
                        [
                            pa.array(list(c), type=f.type)
                            for c, f in zip(columns, schema, strict=True)
                        ],
                        schema=schema,
                    )
                )
            count += len(batch)
            if len(batch) < BATCH:
                return count


def _orders(bcu: dict[int, str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    try:
        models = importlib.import_module("foursight.orders.models")
    except ImportError:
        return [], []
    orders = [
        (kind, bcu.get(unit, "") if unit else "", made)
        for kind, unit, made in models.Order.objects.values_list(
            "kind", "report__unit_id", "made_on"
        )
    ]
    breaches = [
        (status, bcu.get(unit, "") if unit else "", _naive(at))
        for status, unit, at in models.Breach.objects.values_list(
            "status", "order__report__unit_id", "occurred_at"
        )
    ]
    return orders, breaches


def refresh(target: Path | None = None) -> dict[str, int]:
    """Write the export and its rollups; every file replaced atomically; row counts."""
    out = target or directory()
    out.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}.{threading.get_ident()}"
    written: dict[str, Path] = {}
    counts = {}
    try:
        for name, rows in rows_by_table().items():
            written[name] = out / f".{name}.{tag}.parquet"
            counts[name] = _write(rows, SCHEMAS[name], written[name])
        con = duckdb.connect()
        try:
            for name, path in list(written.items()):
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{_quoted(path)}')")  # noqa: S608
            for name, sql in {**rollups.BUILD, **funnel.BUILD}.items():
                written[name] = out / f".{name}.{tag}.parquet"
                con.execute(f"COPY ({sql}) TO '{_quoted(written[name])}' (FORMAT parquet)")
        finally:
            con.close()
        for name, path in written.items():
            os.replace(path, out / f"{name}.parquet")
    finally:
        for path in written.values():
            path.unlink(missing_ok=True)
    (out / ".built").write_text(str(time.time()))
    return counts


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def age_seconds(where: Path | None = None) -> float | None:
    marker = (where or directory()) / ".built"
    if not marker.exists():
        return None
    return time.time() - float(marker.read_text() or 0)


def connect(*, max_age: float | None = None) -> duckdb.DuckDBPyConnection:
    """DuckDB over the export, refreshed first when it is missing or too old."""
    limit = settings.INSIGHTS_MAX_AGE if max_age is None else max_age
    with _REFRESHING:  # one refresh at a time per process; the others wait and reuse it
        age = age_seconds()
        if age is None or age >= limit:
            refresh()
    con = duckdb.connect()
    for name in (*SCHEMAS, *rollups.BUILD, *funnel.BUILD):
        path = _quoted(directory() / f"{name}.parquet")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")  # noqa: S608
    return con
