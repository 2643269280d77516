"""Generate, edit, approve and issue; the 409 for an unapproved file; pack verify."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from foursight.audit.models import AuditEntry
from foursight.casefiles.models import CaseFile, CaseFileVersion
from foursight.casefiles.store import part_path
from foursight.errors import Conflict
from foursight.evidence.store import original_path
from tests.casefiles.conftest import call, post
from tests.conftest import World


def _draft(world: World) -> int:
    response = post(world, "officer_cn", f"/reports/{world.reports['cn'].pk}/case-files")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    return int(body["id"])


def _issued(world: World) -> tuple[int, dict[str, object]]:
    cid = _draft(world)
    edits = {"victim_statement": "MG11 taken 2 March 2026 by PC Ahmed.", "summary": "Ex-partner."}
    assert (
        call(world, "officer_cn", "patch", f"/case-files/{cid}", {"edits": edits}).status_code
        == 200
    )
    assert post(world, "supervisor_cn", f"/case-files/{cid}/approve").status_code == 200
    response = post(world, "officer_cn", f"/case-files/{cid}/issue")
    assert response.status_code == 200, response.content
    return cid, response.json()


def test_generated_file_cites_the_evidence(evidence: World) -> None:
    cid = _draft(evidence)
    body = call(evidence, "officer_cn", "get", f"/case-files/{cid}").json()
    generated = body["generated"]
    cited = {c["exhibit"] for f in generated["chronology"] for c in f["cites"]}
    assert "AR/1" in cited
    assert generated["exhibits"][0]["sha256"] == generated["cited_exhibits"][0]["sha256"]
    assert generated["interview"][0]["text"] == "No interview recorded."
    keys = {i["key"]: i["present"] for i in body["completeness"]}
    assert keys["victim_statement"] is False and keys["antecedents"] is False


def test_issue_unapproved_is_409_and_changes_nothing(evidence: World, casefile_store: Path) -> None:
    cid = _draft(evidence)
    client = evidence.api("officer_cn")  # issuing its token is audited: before the count
    before = AuditEntry.objects.count()
    response = client.post(f"/api/v1/case-files/{cid}/issue", content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert CaseFile.objects.get(pk=cid).status == "draft"
    assert CaseFileVersion.objects.count() == 0
    assert AuditEntry.objects.count() == before
    assert not (casefile_store / "casefiles").exists()


def test_issue_stores_pdf_and_bundle(evidence: World, tmp_path: Path) -> None:
    cid, issued = _issued(evidence)
    assert issued["version"] == 1 and len(str(issued["sha256"])) == 64
    version = CaseFileVersion.objects.get(case_file_id=cid, n=1)
    stored = part_path(version.pdf_sha256)
    assert stored.read_bytes().startswith(b"%PDF")
    assert not os.stat(stored).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    pdf = call(evidence, "officer_cn", "get", f"/case-files/{cid}/versions/1/file.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    zipped = call(evidence, "officer_cn", "get", f"/case-files/{cid}/versions/1/bundle.zip")
    assert zipped.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(zipped.content))
    assert sorted(archive.namelist()) == ["casefile.html", "casefile.pdf", "manifest.json"]
    manifest = json.loads(archive.read("manifest.json"))
    assert [x["reference"] for x in manifest["exhibits"]] == ["AR/1"]
    assert b"MG11 taken 2 March 2026" in archive.read("casefile.html")
    history = call(evidence, "stac", "get", f"/case-files/{cid}/versions").json()
    assert [v["n"] for v in history] == [1]
    assert AuditEntry.objects.filter(action="casefile_issued", object_id=str(cid)).count() == 1


def test_issued_version_is_immutable(evidence: World) -> None:
    cid, _ = _issued(evidence)
    version = CaseFileVersion.objects.get(case_file_id=cid, n=1)
    version.sha256 = "0" * 64
    with pytest.raises(Conflict):
        version.save()
    with pytest.raises(Conflict):
        CaseFileVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)
    with pytest.raises(Conflict):
        version.delete()
    with pytest.raises(Conflict):
        CaseFileVersion.objects.filter(pk=version.pk).delete()
    assert CaseFileVersion.objects.get(pk=version.pk).sha256 != "0" * 64


def test_edit_after_issue_needs_approval_again(evidence: World) -> None:
    cid, _ = _issued(evidence)
    edit = {"edits": {"effect_on_victim": "She has moved house."}}
    assert (
        call(evidence, "officer_cn", "patch", f"/case-files/{cid}", edit).json()["status"]
        == "draft"
    )
    assert post(evidence, "officer_cn", f"/case-files/{cid}/issue").status_code == 409
    assert post(evidence, "officer_cn", f"/case-files/{cid}/approve").status_code == 403
    assert post(evidence, "supervisor_cn", f"/case-files/{cid}/approve").status_code == 200
    second = post(evidence, "supervisor_cn", f"/case-files/{cid}/issue").json()
    assert second["version"] == 2
    assert (
        CaseFileVersion.objects.get(case_file_id=cid, n=1).content["edits"].get("effect_on_victim")
        is None
    )


def test_bad_edits_name_the_field_and_change_nothing(evidence: World) -> None:
    cid = _draft(evidence)
    response = call(evidence, "officer_cn", "patch", f"/case-files/{cid}", {"edits": {"nope": "x"}})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "edits.nope"
    assert CaseFile.objects.get(pk=cid).edits == {}
    again = post(evidence, "officer_cn", f"/reports/{evidence.reports['cn'].pk}/case-files")
    assert again.status_code == 409


def test_pack_verify_passes_then_names_the_changed_exhibit(
    evidence: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from foursight.cli import main

    cid, _ = _issued(evidence)
    zipped = call(evidence, "officer_cn", "get", f"/case-files/{cid}/versions/1/bundle.zip")
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(zipped.content)
    assert main(["pack", "verify", str(bundle)]) == 0
    assert "bundle verified" in capsys.readouterr().out
    sha = json.loads(zipfile.ZipFile(bundle).read("manifest.json"))["exhibits"][0]["sha256"]
    stored = original_path(sha)
    stored.chmod(0o644)
    data = bytearray(stored.read_bytes())
    data[10] ^= 1
    stored.write_bytes(bytes(data))
    assert main(["pack", "verify", str(bundle)]) != 0
    err = capsys.readouterr().err
    assert "exhibit AR/1" in err and sha in err
    assert main(["pack", "verify", str(tmp_path / "missing.zip")]) != 0
    assert "BUNDLE" in capsys.readouterr().err
