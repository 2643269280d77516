"""Shared fixtures for the importer tests: the evidence folder."""

from __future__ import annotations

from pathlib import Path

import pytest

EVIDENCE = Path(__file__).resolve().parents[2] / "fixtures" / "evidence"


@pytest.fixture
def evidence() -> Path:
    return EVIDENCE
