"""The demo: the Central North case gets an issued file whose bundle verifies."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from foursight.casefiles import actions, demo_data
from foursight.casefiles.models import CaseFile, CaseFileVersion
from foursight.core.casefile import completeness
from foursight.evidence import demo_data as evidence_demo
from tests.conftest import World, make_user


def test_demo_case_file_is_issued_and_verifies(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from foursight.cli import main

    make_user("officer.cn", "officer", "CN")
    make_user("supervisor.cn", "supervisor", "CN")
    evidence_demo.load()
    assert demo_data.load() == {"case_files": 1, "issued_versions": 1}
    assert demo_data.load() == {"case_files": 0, "issued_versions": 0}
    case_file = CaseFile.objects.get()
    assert case_file.report_id == world.reports["cn"].pk and case_file.status == "issued"
    checks = {c["key"]: c["present"] for c in completeness(case_file.generated, case_file.edits)}
    assert checks["victim_statement"] and checks["effect_on_victim"] and checks["occasions"]
    register = {x["reference"]: x["kind"] for x in case_file.generated["exhibits"]}
    assert register["AR/1"] == "Body-worn video" and register["AR/2"] == "Photograph"
    cited = {c["exhibit"] for f in case_file.generated["chronology"] for c in f["cites"]}
    assert {"AR/1", "AR/2", "DEMO/SMS/1"} <= cited
    threats = " ".join(f["text"] for f in case_file.generated["threats"])
    assert '"I know where you live"' in threats
    version = CaseFileVersion.objects.get()
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(actions.bundle_bytes(version))
    names = zipfile.ZipFile(io.BytesIO(bundle.read_bytes())).namelist()
    assert sorted(names) == ["casefile.html", "casefile.pdf", "manifest.json"]
    assert main(["pack", "verify", str(bundle)]) == 0
    assert capsys.readouterr().err == ""
