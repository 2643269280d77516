"""Rendering again from an issued version's content gives its stored bytes (ACPO principle 3)."""

from __future__ import annotations

import time

from foursight.casefiles import actions, rendering, store
from foursight.casefiles.models import CaseFile, CaseFileVersion
from tests.conftest import World


def test_issued_version_renders_again_byte_for_byte(evidence: World) -> None:
    officer, supervisor = evidence.users["officer_cn"], evidence.users["supervisor_cn"]
    made = actions.create_case_file(officer, actions.CreateCaseFile(evidence.reports["cn"].pk))
    actions.edit(officer, actions.EditCaseFile(made.pk, {"summary": "Ex-partner."}))
    actions.approve(supervisor, actions.ApproveCaseFile(made.pk))
    version = actions.issue(officer, actions.IssueCaseFile(made.pk))
    stored = CaseFileVersion.objects.get(pk=version.pk)
    meta = {
        "version": stored.n,
        "issued_at": stored.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "issued_by": "officer_cn",
        "approved_by": "supervisor_cn",
    }
    started = time.perf_counter()
    html, pdf = rendering.render(stored.content["generated"], stored.content["edits"], meta)
    assert time.perf_counter() - started < 30
    assert html == store.read(stored.html_sha256)
    assert pdf == store.read(stored.pdf_sha256)
    assert CaseFile.objects.get(pk=made.pk).status == "issued"
