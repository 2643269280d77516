"""The audit vocabulary: every verb and object type is listed, checked and readable.

``record`` refuses what the vocabulary does not list; every ``record`` call in the source
names a listed verb; old entries stay readable through the legacy map; and each action,
run for real, writes exactly one entry with a listed verb (changes of fields with their
old and new values).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from foursight.accounts import actions as account_actions
from foursight.audit.actions import UnknownVocabulary, record
from foursight.audit.models import AuditEntry
from foursight.audit.vocabulary import LEGACY_VERBS, ObjectType, Verb
from foursight.cases import actions as case_actions
from foursight.cases import outcome_actions
from foursight.cases.models import Party
from foursight.core.conferences import Attendee, RecordConference
from foursight.core.operation_commands import AddCharge, AddTarget, CreateOperation, UpdateTarget
from foursight.core.order_commands import CreateOrder, NewCondition, RecordBreach, UpdateOrder
from foursight.core.person_commands import CreatePerson, UpdatePerson
from foursight.core.plans import AddPlanAction, SetPlan, UpdatePlanAction
from foursight.core.referrals import MakeReferral
from foursight.core.report_commands import (
    AddOccasion,
    AddParty,
    CreateReport,
    SetOutcome,
    UpdateReport,
)
from foursight.intake import actions as intake_actions
from foursight.intake.commands import GradeInformation, SubmitInformation
from foursight.operations import actions as operation_actions
from foursight.orders import actions as order_actions
from foursight.people import actions as people_actions
from foursight.risk import actions as risk_actions
from foursight.risk import plan_actions
from tests.conftest import World

SRC = Path(__file__).resolve().parents[2] / "src" / "foursight"
WHY = "Audit vocabulary test"


def _record_calls() -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record":
                calls.append((path, node))
    return calls


def _verb_names(node: ast.expr) -> list[str | None]:
    """The verbs an argument can take: ``Verb.X``, a literal, or either side of an ``if``."""
    if isinstance(node, ast.IfExp):
        return _verb_names(node.body) + _verb_names(node.orelse)
    if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "Verb":
        return [Verb[node.attr].value if node.attr in Verb.__members__ else None]
    if isinstance(node, ast.Constant):
        return [node.value if node.value in Verb.values else None]
    return []  # a parameter passed through (typed ``Verb``): checked when it is called


def test_every_record_call_in_the_source_names_a_listed_verb_and_object_type() -> None:
    calls = _record_calls()
    assert len(calls) > 70
    for path, call in calls:
        where = f"{path.relative_to(SRC)}:{call.lineno}"
        assert len(call.args) >= 3, where
        assert None not in _verb_names(call.args[1]), where
        kind = call.args[2]
        if isinstance(kind, ast.Constant):
            assert kind.value in ObjectType.values, where


def test_object_types_passed_through_gatekeepers_are_listed() -> None:
    """``evidence_report(..., what="conduct")`` and the like reach ``record`` as a variable."""
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "what":
                values = [node.value]
            elif isinstance(node, ast.arguments):
                names = [a.arg for a in node.kwonlyargs]
                values = [d for n, d in zip(names, node.kw_defaults, strict=True) if n == "what"]
            else:
                continue
            for value in values:
                if isinstance(value, ast.Constant) and value.value:
                    assert value.value in ObjectType.values, (
                        f"{path.relative_to(SRC)}: {value.value}"
                    )


def test_verbs_are_snake_case_past_tense_and_fit_the_column() -> None:
    for verb in Verb:
        assert verb.value == verb.value.lower() and " " not in verb.value
        assert len(verb.value) <= 20
    for kind in ObjectType:
        assert len(kind.value) <= 40


def test_every_old_verb_reads_as_a_new_one() -> None:
    assert Verb.read("add_condition") is Verb.CONDITION_ADDED
    assert Verb.read("view") is Verb.VIEWED
    assert Verb.read("breach_confirmed") is Verb.BREACH_CONFIRMED
    assert set(LEGACY_VERBS.values()) <= set(Verb)  # verbs added since have no old name
    with pytest.raises(ValueError, match="nonsense"):
        Verb.read("nonsense")


@pytest.mark.django_db
def test_record_refuses_an_unknown_verb_or_object_type() -> None:
    with pytest.raises(UnknownVocabulary, match="'create'"):
        record(None, "create", "report", 1)  # the old vocabulary is read, never written
    with pytest.raises(UnknownVocabulary, match="object type 'reprot'"):
        record(None, Verb.VIEWED, "reprot", 1)
    assert not AuditEntry.objects.exists()
    entry = record(None, "viewed", ObjectType.REPORT, 1)
    assert (entry.action, entry.object_type, entry.verb) == ("viewed", "report", Verb.VIEWED)


class Log:
    """Runs one action and checks it wrote exactly one entry with a listed verb.

    ``also``: the entries of another app's actions it calls (a breach raises a risk
    review through ``risk.actions.request_reassessment``), each written by that action.
    """

    def __init__(self) -> None:
        self.verbs: dict[str, str] = {}

    def one(
        self, name: str, run: Callable[[], Any], also: tuple[tuple[str, str], ...] = ()
    ) -> tuple[Any, dict[str, Any]]:
        before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        result = run()
        added = list(AuditEntry.objects.filter(seq__gt=before))
        called = [e for e in added if (e.action, e.object_type) in also]
        assert len(called) == len(also), (name, also)
        own = [e for e in added if e not in called]
        assert len(own) == 1, (name, [(e.action, e.object_type) for e in added])
        entry = own[0]
        assert entry.action in Verb.values and entry.object_type in ObjectType.values, name
        self.verbs[name] = entry.action
        return result, json.loads(entry.detail or "{}")


def test_each_action_writes_exactly_one_entry_with_a_listed_verb(world: World) -> None:
    log = Log()
    admin, officer, stac = world.users["admin"], world.users["officer_cn"], world.users["stac"]
    report = world.reports["cn"]
    victim, suspect = world.persons["victim_cn"], world.persons["suspect_cn"]

    log.one("issue_token", lambda: account_actions.issue_token(officer))
    log.one(
        "create_user",
        lambda: account_actions.create_user(
            admin, "new_officer", role="officer", unit_code="CN", password="a long pass phrase 1"
        ),
    )
    log.one(
        "set_password",
        lambda: account_actions.set_password(admin, "new_officer", "another long pass phrase 2"),
    )
    log.one("set_active", lambda: account_actions.set_active(admin, "new_officer", active=False))
    log.one("revoke_tokens", lambda: account_actions.revoke_tokens(admin, "officer_cn"))
    log.one("reset_second_factor", lambda: account_actions.reset_second_factor(admin, "admin"))

    person, _ = log.one(
        "create_person",
        lambda: people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": "Dee", "surname": "Ward"})
        ),
    )
    _, detail = log.one(
        "update_person",
        lambda: people_actions.update_person(
            officer, person.pk, UpdatePerson.from_dict({"surname": "Warde"})
        ),
    )
    assert detail["changes"] == {"surname": ["Ward", "Warde"]}
    log.one(
        "grant_protected_access",
        lambda: people_actions.grant_protected_access(
            world.users["supervisor_cn"], victim.pk, officer, "Investigation"
        ),
    )

    log.one(
        "create_report",
        lambda: case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": "CN-CAMDEN",
                    "reported_at": datetime(2026, 3, 2, 9, tzinfo=UTC),
                    "channel": "online",
                    "offences": ["8Q"],
                    "summary": "Unwanted messages",
                }
            ),
        ),
    )
    _, detail = log.one(
        "update_report",
        lambda: case_actions.update_report(
            officer,
            report.pk,
            UpdateReport.from_dict({"summary": "New summary", "offences": ["8Q", "8L"]}),
        ),
    )
    assert detail["changes"]["summary"][1] == "New summary"
    assert detail["changes"]["offences"] == [["8Q"], ["8L", "8Q"]]
    log.one(
        "add_party",
        lambda: case_actions.add_party(
            officer, report.pk, AddParty.from_dict({"person_id": person.pk, "role": "victim"})
        ),
    )
    log.one(
        "add_occasion",
        lambda: case_actions.add_occasion(
            officer,
            report.pk,
            AddOccasion.from_dict(
                {"started_at": datetime(2026, 2, 25, 20, tzinfo=UTC), "behaviours": ["contacting"]}
            ),
        ),
    )
    log.one(
        "set_outcome",
        lambda: outcome_actions.set_outcome(
            officer, report.pk, SetOutcome(code="1", charge="Stalking")
        ),
    )
    log.one("refer_to_stac", lambda: case_actions.refer_to_stac(officer, report.pk, "Escalating"))

    order, _ = log.one(
        "create_order",
        lambda: order_actions.create_order(
            officer,
            CreateOrder.from_dict(
                {
                    "kind": "non_molestation",
                    "subject_id": suspect.pk,
                    "protected_ids": [victim.pk],
                    "report_id": report.pk,
                    "court": "Family Court at East London",
                    "made_on": "2026-03-10",
                    "until_further_order": True,
                }
            ),
        ),
    )
    _, detail = log.one(
        "update_order",
        lambda: order_actions.update_order(
            officer, order.pk, UpdateOrder.from_dict({"court": "Highbury Corner"})
        ),
    )
    assert detail["changes"] == {"court": ["Family Court at East London", "Highbury Corner"]}
    condition, _ = log.one(
        "add_condition",
        lambda: order_actions.add_condition(
            officer, order.pk, NewCondition.from_dict({"kind": "no_social_media"})
        ),
    )
    log.one(
        "remove_condition",
        lambda: order_actions.remove_condition(officer, order.pk, condition.pk),
    )
    log.one(
        "record_breach",
        lambda: order_actions.record_breach(
            officer,
            order.pk,
            RecordBreach.from_dict(
                {
                    "occurred_at": datetime(2026, 3, 11, 9, tzinfo=UTC),
                    "report_id": report.pk,
                    "description": "Messages after the order",
                }
            ),
        ),
        also=(("created", "reassessment_request"),),
    )

    victim_party = Party.objects.get(report=report, person=victim).pk
    log.one(
        "make_referral",
        lambda: risk_actions.make_referral(
            officer,
            report.pk,
            MakeReferral(
                kind="mental_health",
                victim_party_id=victim_party,
                consent=True,
                consent_note="Verbal consent, 12 March",
                reason="Support",
                referred_on=date(2026, 3, 12),
            ),
        ),
    )
    log.one(
        "request_reassessment",
        lambda: risk_actions.request_reassessment(officer, report.pk, "breach"),
    )
    log.one(
        "record_conference",
        lambda: plan_actions.record_conference(
            stac,
            report.pk,
            RecordConference(
                held_on=date(2026, 3, 12),
                attendees=(Attendee("DS Grey", "police"),),
                decisions="Plan agreed",
            ),
            justification=WHY,
        ),
    )
    log.one(
        "set_plan",
        lambda: plan_actions.set_plan(
            stac, report.pk, SetPlan(review_on=date(2026, 4, 1)), justification=WHY
        ),
    )
    action, _ = log.one(
        "add_plan_action",
        lambda: plan_actions.add_plan_action(
            stac,
            report.pk,
            AddPlanAction(
                agency="police", description="Check", owner="PC Lee", due_on=date(2026, 4, 1)
            ),
            justification=WHY,
        ),
    )
    _, detail = log.one(
        "update_plan_action",
        lambda: plan_actions.update_plan_action(
            stac, action.pk, UpdatePlanAction(owner="PC Khan"), justification=WHY
        ),
    )
    assert detail["changes"] == {"owner": ["PC Lee", "PC Khan"]}

    pou = world.users["pou"]
    operation, _ = log.one(
        "create_operation",
        lambda: operation_actions.create_operation(
            pou,
            CreateOperation.from_dict(
                {
                    "name": "Nightjar",
                    "objective": "Arrests",
                    "starts_on": date(2026, 3, 1),
                    "ends_on": date(2026, 3, 9),
                    "units": ["CN"],
                }
            ),
            justification=WHY,
        ),
    )
    target, _ = log.one(
        "add_target",
        lambda: operation_actions.add_target(
            pou, operation.pk, AddTarget.from_dict({"person_id": suspect.pk}), justification=WHY
        ),
    )
    log.one(
        "update_target",
        lambda: operation_actions.update_target(
            pou,
            operation.pk,
            target.pk,
            UpdateTarget.from_dict({"status": "arrested", "offences": ["NFS"]}),
            justification=WHY,
        ),
        also=(("step_recorded", "path_step"),),  # the arrest is the suspect's path step
    )

    log.one(
        "add_charge",
        lambda: operation_actions.add_charge(
            pou,
            operation.pk,
            target.pk,
            AddCharge.from_dict({"charged_on": timezone.localdate(), "offences": ["NFS"]}),
            justification=WHY,
        ),
        # so is the charge, and it sets the report's outcome (charged)
        also=(("step_recorded", "path_step"), ("updated", "outcome")),
    )

    item, _ = log.one(
        "submit_information",
        lambda: intake_actions.submit_information(
            SubmitInformation.from_dict({"about": {"name": "Dan Price"}, "what": "He follows her."})
        ),
    )
    log.one(
        "grade_information",
        lambda: intake_actions.grade_information(
            officer,
            item.pk,
            GradeInformation.from_dict(
                {"source_evaluation": "2", "assessment": "C", "handling": "P", "sanitised": "F."}
            ),
        ),
    )
    log.one(
        "link_information", lambda: intake_actions.link_information(officer, item.pk, suspect.pk)
    )
    log.one(
        "close_information",
        lambda: intake_actions.close_information(officer, item.pk, "No further action"),
    )
    assert len(log.verbs) == 34
