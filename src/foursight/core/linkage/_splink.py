"""The one place Foursight imports Splink.

Splink's API changes between major versions (3 -> 4 -> 5 each broke callers), and its
type hints are incomplete, so the rest of the linkage package reaches it only through
these ``Any``-typed handles. Pin ``splink==5.0.*``; an upgrade is tested here.
"""

from __future__ import annotations

import importlib
from typing import Any

splink: Any = importlib.import_module("splink")
cl: Any = importlib.import_module("splink.comparison_library")
cll: Any = importlib.import_module("splink.comparison_level_library")
splink_clustering: Any = importlib.import_module("splink.clustering")

block_on: Any = splink.block_on
DuckDBAPI: Any = splink.DuckDBAPI
Linker: Any = splink.Linker
SettingsCreator: Any = splink.SettingsCreator


def spark_api(spark_session: Any, **kwargs: Any) -> Any:
    """A Splink ``SparkAPI`` (imported lazily: pyspark is optional)."""
    return importlib.import_module("splink.backends.spark").SparkAPI(
        spark_session=spark_session, **kwargs
    )


def similarity_jar_location() -> str:
    """Path of the Splink similarity-UDF jar shipped in the wheel (for Spark)."""
    location: str = importlib.import_module("splink.backends.spark").similarity_jar_location()
    return location
