"""Every action is run by an audit test, and the ones the other two files leave out here.

An action is a public function of an action module (``<app>/actions.py``,
``<app>/*_actions.py``) that writes an audit entry, itself or through the module's own
helpers. :func:`test_every_action_is_run_by_an_audit_test` reads the source and the audit
tests (AST, no imports) and fails when an action is run by none of them, so a new action
comes with its run. The runs below cover sign-in and sign-out, the advocate, the online
report, target lists, risk assessments, derived occasions, attribution, breach detection
and decisions, uploads and the linkage and harm runs.
"""

from __future__ import annotations

import ast
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from foursight.accounts import actions as account_actions
from foursight.cases import actions as case_actions
from foursight.cases import stac_actions
from foursight.cases.models import Party
from foursight.cases.occasion_actions import DerivedOccasion, replace_derived_occasions
from foursight.core.assessment_commands import RecordAssessment
from foursight.core.attributions import Attribute
from foursight.core.operation_commands import BuildTargets, CreateOperation
from foursight.core.report_commands import AssignAdvocate
from foursight.core.stac_commands import DecideStacReferral
from foursight.core.target_commands import RemoveTarget
from foursight.errors import NotAuthenticated
from foursight.evidence import actions as evidence_actions
from foursight.evidence.meta import clean_meta
from foursight.intake import actions as intake_actions
from foursight.intake.commands import SubmitOnlineReport
from foursight.offenders import actions as offender_actions
from foursight.offenders.models import Edge
from foursight.offenders.ranking_actions import refresh_harm
from foursight.operations import actions as operation_actions
from foursight.operations import target_actions
from foursight.orders import actions as order_actions
from foursight.orders.detection_actions import detect_breaches
from foursight.orders.models import Breach, BreachTask
from foursight.risk import actions as risk_actions
from tests.audit.test_audit_vocabulary import Log
from tests.conftest import World
from tests.intake.conftest import REPORT
from tests.offenders.conftest import Linked, linked, params  # noqa: F401 (their fixtures)
from tests.orders.test_orders_detection import _sms, make_spo, write_backup

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "foursight"
WHY = "Audit vocabulary test"
PASSWORD = "correct-horse-battery"  # tests.conftest.make_user

#: Actions run, and their entries checked, as part of the action that calls them (``also``).
CALLED_BY = {
    "receive_online_report": "submit_online_report",
    "set_outcome_from_path": "record_step",
    "write_step": "update_target",
    "open_breach_from_check": "record_check",
}


def _reaches_record(name: str, calls: dict[str, set[str]], seen: frozenset[str]) -> bool:
    """Whether the function ``name`` calls ``record``, itself or through its module's own."""
    if "record" in calls[name]:
        return True
    inner = calls[name] & calls.keys() - seen
    return any(_reaches_record(other, calls, seen | {other}) for other in inner)


def _actions() -> dict[str, str]:
    """Public functions of the action modules that reach ``record``, by name."""
    found: dict[str, str] = {}
    for path in sorted(SRC.glob("*/*.py")):
        if not (path.name == "actions.py" or path.name.endswith("_actions.py")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {
            node.name: {
                c.func.id
                for c in ast.walk(node)
                if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
            }
            for node in tree.body
            if isinstance(node, ast.FunctionDef)
        }
        for name in calls:
            if not name.startswith("_") and _reaches_record(name, calls, frozenset({name})):
                found[name] = str(path.relative_to(SRC))
    return found


def _runs() -> set[str]:
    """What the audit tests run through ``Log.one``: the name each run is given
    (``record_check:order`` is record_check) and every function its callable names."""
    names: set[str] = set()
    for path in sorted((ROOT / "tests" / "audit").glob("test_audit_vocabulary*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "one"
                and len(node.args) >= 2
            ):
                continue
            if isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value).split(":")[0])
            for inner in ast.walk(node.args[1]):
                if isinstance(inner, ast.Attribute):
                    names.add(inner.attr)
                elif isinstance(inner, ast.Name):
                    names.add(inner.id)
    return names


def test_every_action_is_run_by_an_audit_test() -> None:
    actions, runs = _actions(), _runs()
    assert len(actions) > 60 and "create_report" in actions and "check_code" in actions
    unrun = {
        name: module
        for name, module in actions.items()
        if name not in runs and CALLED_BY.get(name) not in runs
    }
    assert unrun == {}, "run each new action in tests/audit (Log.one) to check its entry"


def test_signing_in_and_out_write_one_entry_each(world: World) -> None:
    log = Log()
    officer = world.users["officer_cn"]

    def refused(run: Any) -> None:
        with pytest.raises(NotAuthenticated):
            run()

    log.one("login", lambda: refused(lambda: account_actions.login("officer_cn", "x", "10.0.0.1")))
    log.one(
        "check_code",
        lambda: refused(lambda: account_actions.check_code(officer, "000000", "10.0.0.1")),
    )
    log.one("finish_login", lambda: account_actions.finish_login(officer, "10.0.0.1", "password"))
    token = account_actions.issue_token(officer)
    log.one("revoke_token", lambda: account_actions.revoke_token(officer, token))
    log.one(
        "change_own_password",
        lambda: account_actions.change_own_password(
            officer, PASSWORD, "a new long pass phrase 3", "a new long pass phrase 3", "10.0.0.1"
        ),
    )
    assert log.verbs == {
        "login": "sign_in_failed",
        "check_code": "sign_in_failed",
        "finish_login": "signed_in",
        "revoke_token": "updated",
        "change_own_password": "updated",
    }


def test_reports_intake_targets_and_assessments_write_one_entry_each(world: World) -> None:
    log = Log()
    officer, pou = world.users["officer_cn"], world.users["pou"]
    report = world.reports["cn"]
    victim = Party.objects.get(report=report, role="victim")
    suspect = Party.objects.get(report=report, role="suspect")
    log.one(
        "assign_advocate",
        lambda: case_actions.assign_advocate(
            officer, report.pk, AssignAdvocate(victim.pk, "advocate", "Verbal, 12 March")
        ),
    )
    online, _ = log.one(
        "submit_online_report",
        lambda: intake_actions.submit_online_report(
            SubmitOnlineReport.from_dict(dict(REPORT)), caller="audit"
        ),
        also=(("created", "report"),),  # the report is received through the cases app
    )
    log.one(
        "accept_online_report",
        lambda: intake_actions.accept_online_report(officer, online.pk, justification=WHY),
        # the victim and suspect become persons and parties, and the report opens
        also=(
            ("created", "person"),
            ("linked", "report"),
            ("created", "person"),
            ("linked", "report"),
            ("updated", "report"),
        ),
    )
    operation = operation_actions.create_operation(
        pou,
        CreateOperation.from_dict(
            {
                "name": "Kestrel",
                "objective": "Arrests",
                "starts_on": "2026-03-01",
                "ends_on": "2026-03-09",
                "units": ["CN"],
            }
        ),
        justification=WHY,
    )
    added, detail = log.one(
        "build_targets",
        lambda: operation_actions.build_targets(
            pou, operation.pk, BuildTargets("outstanding_suspects", limit=5), justification=WHY
        ),
    )
    assert detail["added"] == [t.person_id for t in added] and added
    log.one(
        "remove_target",
        lambda: target_actions.remove_target(
            pou, operation.pk, added[0].pk, RemoveTarget("Entered in error"), justification=WHY
        ),
    )
    log.one(
        "decide_stac_referral",
        lambda: stac_actions.decide_stac_referral(
            world.users["stac"], report.pk, DecideStacReferral("accepted")
        ),
    )
    log.one(
        "record_assessment",
        lambda: risk_actions.record_assessment(
            officer,
            report.pk,
            RecordAssessment("dash", victim.pk, suspect.pk, {f"q{n}": "no" for n in range(1, 28)}),
        ),
    )
    when = datetime(2026, 3, 3, 21, tzinfo=UTC)
    derived = DerivedOccasion(when, when + timedelta(minutes=5), ("contacting",), "Two messages")
    log.one(
        "replace_derived_occasions",
        lambda: replace_derived_occasions(officer, report, "evidence", [derived]),
    )


def test_evidence_attribution_and_breaches_write_one_entry_each(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    log = Log()
    officer, report = world.users["officer_cn"], world.reports["cn"]
    order_id = make_spo(world)
    path = write_backup(
        tmp_path,
        [_sms("07700900777", datetime(2026, 3, 15, 21, 0, tzinfo=UTC), 1, "a new phone")],
    )
    data = path.read_bytes()
    meta = clean_meta({"exhibit": "EXH-9", "victim_ids": ["+447700900111"]})
    with django_capture_on_commit_callbacks(execute=True):
        log.one(
            "upload_exhibit",
            lambda: evidence_actions.upload_exhibit(
                officer, report.pk, io.BytesIO(data), path.name, len(data), meta
            ),
            # the import job (server/writers.py) records its start, and the report's
            # conduct analysis is brought up to date; the upload's own entry is "imported"
            also=(("import_started", "exhibit"), ("conduct_analysed", "conduct")),
        )
    basis = Attribute(
        "+447700900777", world.persons["suspect_cn"].pk, "subscriber check returned the suspect"
    )
    # the analysis follows an attribution, and the report's evidence occasions with it
    analysed = (("occasions_replaced", "report"), ("conduct_analysed", "conduct"))
    attribution, _ = log.one(
        "attribute", lambda: evidence_actions.attribute(officer, report.pk, basis), analysed
    )
    log.one("detect_breaches", lambda: detect_breaches(None, order_ids=[order_id]))
    breach = Breach.objects.get(order_id=order_id)
    log.one(
        "decide_breach",
        lambda: order_actions.decide_breach(
            officer, order_id, breach.pk, confirm=True, reason="the victim knows the number"
        ),
        also=(("created", "reassessment_request"),),  # a confirmed breach raises a risk review
    )
    task = BreachTask.objects.filter(breach=breach).first()
    assert task is not None
    log.one(
        "complete_task",
        lambda: order_actions.complete_task(officer, order_id, task.pk, "Arrested at home"),
    )
    log.one(
        "withdraw_attribution",
        lambda: evidence_actions.withdraw_attribution(officer, report.pk, attribution.pk),
        analysed,
    )


def test_linkage_and_harm_runs_write_one_entry_each(linked: Linked, params: Any) -> None:  # noqa: F811
    log = Log()
    log.one("save_model", lambda: offender_actions.save_model(params, "synthetic"))
    linked.add_report("lone", "CN-CAMDEN", "Daniel", "Price", {})
    log.one("link_run", lambda: offender_actions.link_run(None))
    edge = Edge.objects.filter(status="review").first()
    assert edge is not None
    log.one(
        "decide",
        lambda: offender_actions.decide(
            linked.world.users["pou"], edge.pk, "must_link", "same phone", justification=WHY
        ),
    )
    log.one("refresh_harm", lambda: refresh_harm(None))
