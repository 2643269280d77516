"""Shared linkage fixtures: one small synthetic population and one trained model."""

from __future__ import annotations

import pyarrow as pa
import pytest

from foursight.core.linkage import ModelParams, clean_mentions, generate_mentions, run_linkage


@pytest.fixture(scope="session")
def raw_mentions() -> pa.Table:
    return generate_mentions(3000, seed=7)


@pytest.fixture(scope="session")
def mentions(raw_mentions: pa.Table) -> pa.Table:
    return clean_mentions(raw_mentions, keep=["person_truth"])


@pytest.fixture(scope="session")
def params(mentions: pa.Table) -> ModelParams:
    return run_linkage(mentions).params
