"""SQL backends for linkage: DuckDB on one machine (default), Apache Spark at scale.

Both run the same model (:mod:`foursight.core.linkage.model`) in their own SQL dialect.
Data goes in and comes out as Arrow tables, so nothing outside this package sees a
backend's own frame types.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pyarrow as pa

from foursight.core.linkage._splink import DuckDBAPI, similarity_jar_location, spark_api
from foursight.core.linkage.clean import CLEAN_COLUMNS, clean_mentions
from foursight.errors import InvalidInput

BackendName = Literal["duckdb", "spark"]


@dataclass
class Backend:
    """One Splink database API plus the glue to move Arrow tables in and out."""

    name: BackendName
    db_api: Any
    spark: Any = None
    connection: Any = None
    _closers: list[Any] = field(default_factory=list)

    def register(self, table: Any, display_name: str) -> Any:
        """Register an Arrow table (or, on Spark, a Spark DataFrame) with the backend."""
        if self.name == "spark":
            frame = table if is_spark_frame(table) else self.spark.createDataFrame(table)
            # Spark temporary views outlive this backend in a shared session: make the
            # name unique to this backend and drop the view when it closes.
            view = f"{display_name}_{id(self):x}"
            self._closers.append(lambda: self.spark.catalog.dropTempView(view))
            return self.db_api.register(frame, dataset_display_name=view)
        return self.db_api.register(table, dataset_display_name=display_name)

    def query(self, sql: str) -> pa.Table:
        """Run SQL on the backend and fetch the whole result as Arrow."""
        result = self.db_api.query_sql(sql)
        table = self.to_arrow(result)
        result.drop_table_from_database_and_remove_from_cache()
        return table

    def to_arrow(self, frame: Any) -> pa.Table:
        """Fetch a Splink dataframe as an Arrow table."""
        if self.name == "spark":
            table: pa.Table = frame.as_spark_dataframe().toArrow()
            return table
        fetched: pa.Table = frame.as_duckdbpyrelation().to_arrow_table()
        return fetched

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def duckdb_backend(
    path: str | None = None, *, memory_limit: str = "3GB", threads: int | None = None
) -> Backend:
    """A DuckDB backend, file-backed at ``path`` or in memory, capped at ``memory_limit``.

    A file-backed database spills to disk and stays well inside the limit (linkage.md:
    1M mentions peaked at 4.6 GB with a 3 GB limit, against 11.5 GB in memory). When
    ``path`` is None a temporary directory is used for spilling.
    """
    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit}
    if threads:
        config["threads"] = threads
    closers: list[Any] = []
    if path is None:
        spill = tempfile.TemporaryDirectory(prefix="foursight-duckdb-")
        config["temp_directory"] = spill.name
        connection = duckdb.connect(":memory:", config=config)
        closers.append(spill.cleanup)
    else:
        connection = duckdb.connect(path, config=config)
    closers.append(connection.close)
    return Backend("duckdb", DuckDBAPI(connection), connection=connection, _closers=closers)


def is_spark_frame(value: Any) -> bool:
    """True for a pyspark DataFrame (checked by shape, so pyspark stays optional)."""
    return hasattr(value, "mapInArrow") and hasattr(value, "sparkSession")


def _clean_batches(batches: Any) -> Any:
    for batch in batches:
        table = clean_mentions(pa.Table.from_batches([batch])).select(list(CLEAN_COLUMNS))
        yield from table.to_batches()


def clean_on_spark(frame: Any) -> Any:
    """Clean a Spark DataFrame of raw mentions on the executors, one Arrow batch at a time.

    The result has :data:`~foursight.core.linkage.clean.CLEAN_COLUMNS` as strings. The
    input's ``mention_id`` must be unique: duplicates are only caught within a batch.
    """
    schema = ", ".join(f"{name} string" for name in CLEAN_COLUMNS)
    return frame.mapInArrow(_clean_batches, schema)


def local_spark_session(master: str = "local[2]", driver_memory: str = "4g") -> Any:
    """A local Spark session with Splink's similarity UDF jar, for tests and one box.

    On a cluster, build the session your platform way and pass it to
    :func:`spark_backend`; it needs ``spark.jars`` to include
    :func:`similarity_jar_location` and a checkpoint directory.
    """
    from pyspark.sql import SparkSession

    # Python workers must run this interpreter, where Foursight is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master(master)
        .appName("foursight-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.pyspark.python", sys.executable)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    checkpoints = tempfile.mkdtemp(prefix="foursight-spark-")
    session.sparkContext.setCheckpointDir(checkpoints)
    return session


def spark_backend(spark: Any = None, *, num_partitions: int | None = None) -> Backend:
    """A Spark backend; a local ``local[2]`` session is started when none is given."""
    session = spark if spark is not None else local_spark_session()
    partitions = num_partitions or int(os.environ.get("FOURSIGHT_SPARK_PARTITIONS", "8"))
    api = spark_api(
        session, break_lineage_method="parquet", num_partitions_on_repartition=partitions
    )
    return Backend("spark", api, spark=session)


def make_backend(name: BackendName, **options: Any) -> Backend:
    """Build the named backend; unknown names are refused."""
    if name == "duckdb":
        return duckdb_backend(**options)
    if name == "spark":
        return spark_backend(**options)
    raise InvalidInput(f"Unknown linkage backend {name!r}; use duckdb or spark.", field="backend")
