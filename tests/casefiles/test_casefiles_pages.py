"""The Case file page: generate, edit, approve, issue through forms; the report panel."""

from __future__ import annotations

from foursight.casefiles.models import CaseFile, CaseFileVersion
from tests.conftest import World


def test_page_workflow(evidence: World) -> None:
    rid = evidence.reports["cn"].pk
    officer = evidence.page("officer_cn")
    page = officer.get(f"/reports/{rid}/case-file")
    assert page.status_code == 200 and b"Generate the case file" in page.content
    assert officer.post(f"/reports/{rid}/case-file/generate").status_code == 302
    page = officer.get(f"/reports/{rid}/case-file")
    assert b"what a charging decision needs" in page.content and b"exhibit AR/1" in page.content
    saved = officer.post(f"/reports/{rid}/case-file/edit", {"victim_statement": "MG11 of 2 March."})
    assert saved.status_code == 302
    assert CaseFile.objects.get(report_id=rid).edits["victim_statement"] == "MG11 of 2 March."
    refused = officer.post(f"/reports/{rid}/case-file/issue")
    assert refused.status_code == 409 and b"not approved" in refused.content
    assert officer.post(f"/reports/{rid}/case-file/approve").status_code == 403
    supervisor = evidence.page("supervisor_cn")
    assert supervisor.post(f"/reports/{rid}/case-file/approve").status_code == 302
    assert officer.post(f"/reports/{rid}/case-file/issue").status_code == 302
    assert CaseFileVersion.objects.filter(case_file__report_id=rid).count() == 1
    pdf = officer.get(f"/reports/{rid}/case-file/versions/1/file.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    report_page = officer.get(f"/reports/{rid}")
    assert b"case-file-panel" in report_page.content and b"Missing:" in report_page.content


def test_status_only_roles_see_no_content(evidence: World) -> None:
    rid = evidence.reports["cn"].pk
    evidence.page("officer_cn").post(f"/reports/{rid}/case-file/generate")
    for who in ("stac", "advocate"):
        page = evidence.page(who).get(f"/reports/{rid}/case-file")
        assert page.status_code == 200
        assert b"Draft" in page.content
        assert b"exhibit AR/1" not in page.content and b"MG12" not in page.content
        assert evidence.page(who).post(f"/reports/{rid}/case-file/issue").status_code == 404
    assert evidence.page("analyst").get(f"/reports/{rid}/case-file").status_code == 404
    assert evidence.page("officer_ne").get(f"/reports/{rid}/case-file").status_code == 404
