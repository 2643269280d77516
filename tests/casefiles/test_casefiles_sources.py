"""The case file reads disclosure copies and interview accounts when those apps exist,
and says plainly when they do not."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from foursight.casefiles import gather
from foursight.core.casefile import generate
from foursight.evidence.models import Exhibit
from tests.conftest import World


def test_without_the_other_apps(evidence: World) -> None:
    doc = generate(gather.case_data(evidence.reports["cn"]))
    assert doc["interview"][0]["text"] == "No interview recorded."
    assert not any(u["edited"] for u in doc["unused"])


def test_copies_and_interviews_when_installed(
    evidence: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    exhibit = Exhibit.objects.get(report=evidence.reports["cn"])
    copies = [
        {"exhibit_id": exhibit.pk, "original_sha256": exhibit.original_id, "derived_sha256": "d" * 64},
        {"exhibit_id": None, "title": "MG6C schedule", "original_sha256": "e" * 64,
         "derived_sha256": "f" * 64},
    ]  # fmt: skip
    accounts = [{"at": "2026-03-04T10:00:00Z", "kind": "no_comment", "account": "No comment."}]
    fakes: dict[str, Any] = {
        "disclosure": SimpleNamespace(copies_for_report=lambda report_id: copies),
        "prosecution": SimpleNamespace(interview_accounts=lambda report_id: accounts),
    }
    monkeypatch.setattr(gather, "app_module", lambda app, name: fakes.get(app))
    doc = generate(gather.case_data(evidence.reports["cn"]))
    edited = {u["derived_sha256"] for u in doc["unused"] if u["edited"]}
    assert edited == {"d" * 64, "f" * 64}
    assert doc["interview"][0]["text"] == "4 Mar 2026 10:00 UTC (no comment): No comment."
    assert doc["interview_recorded"] is True
