"""Demo case file: the Central North case with the most exhibits gets a full file, edited,
approved by ``supervisor.cn`` and issued by ``officer.cn`` with its PDF and bundle.

It runs after the evidence and orders demo, through the same actions as the page, so the
file cites the demo exhibits (the phone export and any video or photographs registered
on that report) and its version is stored, hashed and audited like any other.
"""

from __future__ import annotations

from django.db.models import Count

from foursight.accounts.models import User
from foursight.casefiles import actions
from foursight.casefiles.models import CaseFile
from foursight.cases.models import Report

EDITS = {
    "summary": (
        "The victim and the suspect were in a relationship that ended in the weeks before "
        "the report. After it ended the suspect contacted her repeatedly by text, at night, "
        "after she asked him to stop and after she blocked his number, from a new number."
    ),
    "victim_statement": (
        "The victim gave a section 9 statement (MG11) on the day of the report, taken by the "
        "officer in the case. She produces her phone export as the first exhibit."
    ),
    "effect_on_victim": (
        "She describes being afraid to leave the house alone, changing her route to work and "
        "staying with her sister. She no longer answers calls from numbers she does not know."
    ),
    "antecedents": (
        "PNC checked on the day of the report: no previous convictions or cautions. Orders "
        "recorded in Foursight are listed above."
    ),
}


def _case() -> Report | None:
    return (
        Report.objects.filter(unit__parent__code="CN", exhibits__status="imported")
        .annotate(n=Count("exhibits"))
        .order_by("-n", "-reported_at", "-id")
        .first()
    )


def load() -> dict[str, int]:
    officer = User.objects.filter(username="officer.cn").first()
    supervisor = User.objects.filter(username="supervisor.cn").first()
    report = _case()
    if officer is None or supervisor is None or report is None:
        return {"case_files": 0, "issued_versions": 0}
    if CaseFile.objects.filter(report=report).exists():
        return {"case_files": 0, "issued_versions": 0}
    why = "Demo data"
    made = actions.create_case_file(officer, actions.CreateCaseFile(report.pk, why))
    actions.edit(officer, actions.EditCaseFile(made.pk, EDITS, why))
    actions.approve(supervisor, actions.ApproveCaseFile(made.pk, why))
    actions.issue(officer, actions.IssueCaseFile(made.pk, why))
    return {"case_files": 1, "issued_versions": 1}
