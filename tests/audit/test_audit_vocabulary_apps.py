"""The audit vocabulary for the apps added after the first list: each action, run for real,
writes exactly one entry of its own with a listed verb and object type.

The exhibit register, disclosure, case files, the suspect's path, offender interventions,
compliance checks with bail-breach tasks, report flags and the stalking-review list.
Entries written by another app's action that an action calls are declared with ``also``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from foursight.casefiles import actions as casefile_actions
from foursight.casefiles import rendering
from foursight.cases import actions as case_actions
from foursight.cases.models import Party
from foursight.core.operation_commands import RecordCheck
from foursight.core.order_commands import CreateOrder
from foursight.core.report_commands import AddOccasion, UpdateReport
from foursight.disclosure import actions as disclosure_actions
from foursight.disclosure import redacting
from foursight.evidence import register_actions
from foursight.evidence.receiving import receive_path
from foursight.offenders import intervention_actions as interventions
from foursight.operations import check_actions
from foursight.operations.models import BailBreachTask
from foursight.orders import actions as order_actions
from foursight.prosecution.actions import RecordStep, record_step
from foursight.prosecution.models import BailCondition
from foursight.risk.persistence import stalking_reviews
from tests.audit.test_audit_vocabulary import Log
from tests.conftest import World

WHY = "Audit vocabulary test"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(200))
OUTCOME = ("updated", "outcome")


@pytest.fixture(autouse=True)
def private_store(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    # the PDF engine is not what is under test; the case file's parts are still stored
    monkeypatch.setattr(rendering, "pdf_bytes", lambda html: b"%PDF-1.7 audit\n")


def _exhibit_register(log: Log, world: World, tmp_path: Path) -> None:
    officer, report = world.users["officer_cn"], world.reports["cn"]
    photo = tmp_path / "door.png"
    photo.write_bytes(PNG)
    command = register_actions.register_command(
        report.pk,
        {
            "reference": "AR/9",
            "kind": "photograph",
            "description": "Damage to the front door",
            "produced_by": "PC Alex Reid",
            "seized_at": "2026-02-21T09:30",
            "seized_where": "12 Example Road, London",
        },
    )
    exhibit, _ = log.one(
        "register_exhibit",
        lambda: register_actions.register_exhibit(officer, command, receive_path(photo)),
    )
    occasion = case_actions.add_occasion(
        officer,
        report.pk,
        AddOccasion.from_dict(
            {"started_at": datetime(2026, 2, 20, 20, tzinfo=UTC), "behaviours": ["contacting"]}
        ),
    )
    link = register_actions.link_command(exhibit.pk, {"occasion_id": occasion.pk, "note": "Door"})
    log.one("link_exhibit", lambda: register_actions.link_exhibit(officer, link))


def _disclosure(log: Log, world: World) -> None:
    officer, report = world.users["officer_cn"], world.reports["cn"]
    text = "Alice Walker on 07700 900456"
    log.one("propose_redactions", lambda: redacting.proposals(officer, report.pk, text))
    command = disclosure_actions.CreateCopy(
        report_id=report.pk,
        source_kind="text",
        title="Note for the defence",
        text=text,
        decisions=(disclosure_actions.Decision(0, 12, "PERSON", "accepted"),),
    )
    log.one("create_copy", lambda: disclosure_actions.create_copy(officer, command))


def _case_files(log: Log, world: World) -> None:
    officer, supervisor = world.users["officer_cn"], world.users["supervisor_cn"]
    made, _ = log.one(
        "create_case_file",
        lambda: casefile_actions.create_case_file(
            officer, casefile_actions.CreateCaseFile(world.reports["cn"].pk)
        ),
    )
    edits = {"summary": "Ex-partner; messages since January."}
    log.one(
        "edit_case_file",
        lambda: casefile_actions.edit(officer, casefile_actions.EditCaseFile(made.pk, edits)),
    )
    log.one(
        "approve_case_file",
        lambda: casefile_actions.approve(supervisor, casefile_actions.ApproveCaseFile(made.pk)),
    )
    log.one(
        "issue_case_file",
        lambda: casefile_actions.issue(officer, casefile_actions.IssueCaseFile(made.pk)),
    )
    log.one(
        "regenerate_case_file",
        lambda: casefile_actions.regenerate(officer, casefile_actions.RegenerateCaseFile(made.pk)),
    )


# Each step of the suspect's path, with the entries of the other apps' actions it calls.
PATH: list[tuple[dict[str, Any], tuple[tuple[str, str], ...]]] = [
    ({"kind": "arrest", "at": "2026-03-05T07:00:00+00:00", "offences": ["8Q"]}, ()),
    ({"kind": "interview", "at": "2026-03-05T11:00:00+00:00", "legal_advice": True}, ()),
    (
        {
            "kind": "bail",
            "on": "2026-03-05",
            "return_on": "2026-04-05",
            "conditions": [{"kind": "curfew", "text": "Indoors 19:00 to 07:00"}],
        },
        (),
    ),
    # a charge sets the report's outcome (charged) through the cases app
    (
        {"kind": "charge", "on": "2026-03-06", "offences": ["8Q"], "authorised_by": "cps"},
        (OUTCOME,),
    ),
    # the first hearing and the trial date are kept on the outcome too
    ({"kind": "hearing", "on": "2026-03-20", "court": "Highbury Corner Magistrates"}, (OUTCOME,)),
    (
        {
            "kind": "hearing",
            "on": "2026-06-01",
            "court": "Wood Green Crown",
            "hearing_kind": "trial",
        },
        (OUTCOME,),
    ),
    (
        {"kind": "verdict", "on": "2026-06-03", "results": [{"offence": "8Q", "result": "guilty"}]},
        (),
    ),
    (
        {
            "kind": "sentence",
            "on": "2026-07-01",
            "disposal": "immediate_custody",
            "months": 18,
            "orders": [
                {
                    "kind": "restraining_conviction",
                    "starts_on": "2026-07-01",
                    "ends_on": "2031-07-01",
                }
            ],
        },
        # the restraining order is created by the orders app
        (("created", "order"),),
    ),
    # a release from custody raises a risk review through the risk app
    ({"kind": "release", "on": "2026-11-30"}, (("created", "reassessment_request"),)),
]


def _path(log: Log, world: World) -> None:
    officer = world.users["officer_cn"]
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    for number, (fields, also) in enumerate(PATH):
        command = RecordStep(party.report_id, party.pk, fields)
        name = f"record_step:{number}:{fields['kind']}"
        log.one(name, partial(record_step, officer, command), also)


def _interventions(log: Log, world: World) -> None:
    officer, suspect = world.users["officer_cn"], world.persons["suspect_cn"]
    refer = interventions.ReferToIntervention(
        person_id=suspect.pk,
        kind="mappa",
        status="accepted",
        on=date(2026, 3, 5),
        mappa_category=2,
        mappa_level=2,
        review_on=date(2026, 4, 1),
    )
    made, _ = log.one("refer_to_intervention", lambda: interventions.refer(officer, refer))
    status = interventions.ChangeInterventionStatus(made.pk, "started", date(2026, 3, 10))
    log.one("change_intervention_status", lambda: interventions.change_status(officer, status))
    review = interventions.RecordMappaReview(made.pk, date(2026, 4, 1), 3, date(2026, 5, 1))
    log.one("record_mappa_review", lambda: interventions.record_review(officer, review))


def _checks(log: Log, world: World) -> None:
    officer, suspect = world.users["officer_cn"], world.persons["suspect_cn"]
    day = timezone.localdate() - timedelta(days=10)
    order = order_actions.create_order(
        officer,
        CreateOrder.from_dict(
            {
                "kind": "restraining_conviction",
                "subject_id": suspect.pk,
                "protected_ids": [world.persons["victim_cn"].pk],
                "report_id": world.reports["cn"].pk,
                "court": "Wood Green Crown Court",
                "made_on": (day - timedelta(days=30)).isoformat(),
                "expires_on": (day + timedelta(days=365)).isoformat(),
                "conditions": [
                    {"kind": "no_contact", "person_ids": [world.persons["victim_cn"].pk]}
                ],
            }
        ),
    )
    condition = order.conditions.get()
    check = {"person_id": suspect.pk, "kind": "visit", "checked_at": f"{day}T21:00:00+00:00"}
    log.one(
        "record_check:order",
        lambda: check_actions.record_check(
            officer,
            RecordCheck.from_dict(
                {**check, "result": "compliant", "order_condition_id": condition.pk}
            ),
        ),
    )
    log.one(
        "record_check:order_failed",
        lambda: check_actions.record_check(
            officer,
            RecordCheck.from_dict(
                {**check, "result": "non_compliant", "order_condition_id": condition.pk}
            ),
        ),
        # the failed check opens a breach on the order through the orders app, whose
        # risk-review task is raised through the risk app, as for a recorded breach
        also=(("breach_recorded", "order"), ("created", "reassessment_request")),
    )
    curfew = BailCondition.objects.get(kind="curfew")  # set on the suspect's path, above
    made, _ = log.one(
        "record_check:bail_failed",
        lambda: check_actions.record_check(
            officer,
            RecordCheck.from_dict(
                {
                    **check,
                    "checked_at": "2026-03-05T21:00:00+00:00",  # bailed that day
                    "result": "non_compliant",
                    "bail_condition_id": curfew.pk,
                }
            ),
        ),
    )
    log.one(
        "complete_bail_task",
        lambda: check_actions.complete_bail_task(
            officer, BailBreachTask.objects.get(check_made=made).pk, "Arrested"
        ),
    )


def test_each_new_action_writes_exactly_one_entry_with_a_listed_verb(
    world: World, tmp_path: Path
) -> None:
    log = Log()
    _exhibit_register(log, world, tmp_path)
    _disclosure(log, world)
    _case_files(log, world)
    _path(log, world)
    _interventions(log, world)
    _checks(log, world)
    officer, report = world.users["officer_cn"], world.reports["cn"]
    _, detail = log.one(
        "set_report_flags",
        lambda: case_actions.update_report(
            officer,
            report.pk,
            UpdateReport.from_dict({"domestic_abuse": True, "cyber_element": True}),
        ),
    )
    assert detail["changes"]["domestic_abuse"] == [False, True]
    # the stalking-review list writes nothing but its audited search
    log.one("list_stalking_reviews", lambda: stalking_reviews(world.users["supervisor_cn"]))
    assert len(log.verbs) == 2 + 2 + 5 + len(PATH) + 3 + 4 + 2
    named = {name: verb for name, verb in log.verbs.items() if ":" not in name}
    assert {verb for name, verb in log.verbs.items() if ":" in name} - {"created"} == {
        "step_recorded"
    }
    assert [named[n] for n in ("register_exhibit", "link_exhibit", "create_copy")] == [
        "exhibit_registered",
        "exhibit_linked",
        "copy_redacted",
    ]
    assert [named[n] for n in ("create_case_file", "approve_case_file", "issue_case_file")] == [
        "casefile_created",
        "casefile_approved",
        "casefile_issued",
    ]
