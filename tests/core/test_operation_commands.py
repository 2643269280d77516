"""The rules for opening an operation, adding a target and recording a charge: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from foursight.core.operation_commands import (
    AddCharge,
    AddTarget,
    BuildTargets,
    CreateOperation,
    Outcome,
    RecordCheck,
    UpdateTarget,
    check_charge,
    check_compliance_check,
    check_operation,
    check_outcome,
    check_target_list,
)
from foursight.errors import InvalidInput

OPERATION = {
    "name": " Nightjar ",
    "objective": "Arrest the outstanding suspects",
    "starts_on": "2026-03-01",
    "ends_on": date(2026, 3, 9),
    "units": ["CN", "NE"],
}


def test_an_operation_is_parsed_and_trimmed() -> None:
    command = CreateOperation.from_dict(OPERATION)
    assert command.name == "Nightjar" and command.units == ("CN", "NE")
    assert command.starts_on == date(2026, 3, 1) and command.lead is None
    same_day = {**OPERATION, "ends_on": datetime(2026, 3, 1, 18)}
    assert CreateOperation.from_dict(same_day).ends_on == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "name: required"),
        ({"name": "x" * 121}, "name", "at most 120 characters"),
        ({"objective": None}, "objective", "objective: required"),
        ({"starts_on": ""}, "starts_on", r"required \(YYYY-MM-DD\)"),
        ({"ends_on": "9 March"}, "ends_on", r"not a date \(YYYY-MM-DD\)"),
        ({"ends_on": "2026-02-28"}, "ends_on", "ends_on: before starts_on"),
        ({"units": []}, "units", "give at least one BCU or borough code"),
        ({"units": "CN"}, "units", "give at least one BCU or borough code"),
    ],
)
def test_each_operation_rule_names_its_field(
    change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as exc:
        CreateOperation.from_dict({**OPERATION, **change})
    assert exc.value.field == field


def test_a_command_built_directly_meets_the_same_rules() -> None:
    command = CreateOperation("N", " x ", date(2026, 3, 2), date(2026, 3, 1), ("CN",))
    with pytest.raises(InvalidInput, match="ends_on: before starts_on"):
        check_operation(command)


def test_a_target_is_a_person_by_number() -> None:
    assert AddTarget.from_dict({"person_id": "12"}) == AddTarget(12, None, "named")
    for bad in (None, "twelve"):
        with pytest.raises(InvalidInput, match="person_id: required, a number"):
            AddTarget.from_dict({"person_id": bad})


def test_a_charge_follows_the_arrest_and_names_known_offences() -> None:
    charge = AddCharge.from_dict({"charged_on": "2026-04-11", "offences": ["8Q", "8Q"]})
    assert charge.offences == ("8Q",) and charge.authorised_by == "police"
    today, arrested = date(2026, 4, 20), date(2026, 4, 10)
    assert check_charge(charge, today=today, arrested_on=arrested) == charge
    with pytest.raises(InvalidInput, match="charged_on: in the future"):
        check_charge(charge, today=date(2026, 4, 10), arrested_on=None)
    with pytest.raises(InvalidInput, match="charged_on: before the arrest"):
        check_charge(charge, today=today, arrested_on=date(2026, 4, 12))
    with pytest.raises(InvalidInput, match="offences: give at least one offence code"):
        AddCharge.from_dict({"charged_on": "2026-04-11", "offences": []})
    with pytest.raises(InvalidInput, match=r"offences\[1\]: unknown offence code 'ZZ'"):
        check_charge(AddCharge(date(2026, 4, 11), ("8Q", "ZZ")), today=today, arrested_on=None)


NOW = datetime(2026, 4, 20, 12, tzinfo=UTC)
KINDS, RESULTS = ("visit", "compliance_check"), ("compliant", "non_compliant")


def _check(data: dict[str, object]) -> RecordCheck:
    command = RecordCheck.from_dict(
        {"person_id": 7, "kind": "visit", "result": "compliant", **data}
    )
    return check_compliance_check(command, now=NOW, kinds=KINDS, results=RESULTS)


def test_a_compliance_check_is_now_unless_timed() -> None:
    assert _check({}).checked_at == NOW
    assert _check({"checked_at": "2026-04-19T21:00:00+01:00"}).checked_at == datetime(
        2026, 4, 19, 20, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"person_id": None}, "person_id", "person_id: required, a number"),
        ({"person_id": "x"}, "person_id", "person_id: a number"),
        ({"kind": "raid"}, "kind", "kind: one of visit, compliance_check"),
        ({"result": ""}, "result", "result: required"),
        ({"checked_at": "yesterday"}, "checked_at", "not a date and time"),
        ({"checked_at": "2026-04-19T21:00:00"}, "checked_at", "give a time zone"),
        ({"checked_at": NOW + timedelta(minutes=1)}, "checked_at", "checked_at: in the future"),
        ({"next_due": "2026-04-19"}, "next_due", "next_due: before the check"),
        (
            {"order_condition_id": 1, "bail_condition_id": "2"},
            "bail_condition_id",
            "names one condition",
        ),
    ],
)
def test_each_check_rule_names_its_field(data: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as exc:
        _check(data)
    assert exc.value.field == field


FINALS = ("arrested", "circulated_as_wanted", "eliminated")


def _outcome(data: dict[str, object]) -> Outcome:
    return check_outcome(UpdateTarget.from_dict(data), finals=FINALS, now=NOW)


def test_an_update_names_only_the_fields_sent() -> None:
    assert UpdateTarget.from_dict({"assigned_to": ""}).sent == {"assigned_to"}
    assert UpdateTarget.from_dict({"assigned_to": ""}).assigned_to is None
    assert UpdateTarget.from_dict({"status": "eliminated"}).sent == {"status"}


def test_each_outcome_needs_its_own_detail() -> None:
    arrest = _outcome({"status": "arrested", "offences": ["8Q", "8Q"]})
    assert (arrest.offences, arrest.at) == (("8Q",), NOW)
    wanted = _outcome({"status": "circulated_as_wanted", "circulation_reference": " PNC-1 "})
    assert wanted.circulation_reference == "PNC-1"
    assert _outcome({"status": "eliminated", "reason": "Alibi"}).elimination_reason == "Alibi"
    for data, message in (
        ({"status": "outstanding"}, "status: one of arrested"),
        ({"status": "arrested"}, "offences: give at least one offence code"),
        ({"status": "circulated_as_wanted"}, "circulation_reference: required"),
        ({"status": "eliminated", "reason": " "}, "reason: required"),
        ({"status": "eliminated", "reason": "x", "at": NOW + timedelta(hours=1)}, "at: in the"),
    ):
        with pytest.raises(InvalidInput, match=message):
            _outcome(data)


def test_targets_from_a_list_take_fifty_unless_told() -> None:
    assert BuildTargets.from_dict({"source": "highest_harm"}) == BuildTargets("highest_harm", 50)
    assert BuildTargets.from_dict({"source": "highest_harm", "limit": "10"}).limit == 10
    assert check_target_list(BuildTargets("outstanding_suspects", 1000, "CN")).bcu == "CN"


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (BuildTargets("outstanding_suspects", 0), "limit"),
        (BuildTargets("outstanding_suspects", 1001), "limit"),
        (BuildTargets("outstanding_suspects", True), "limit"),
        (BuildTargets("everyone", 10), "source"),
    ],
)
def test_each_target_list_rule_names_its_field(command: BuildTargets, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_target_list(command)
    assert caught.value.field == field


def test_a_limit_that_is_not_a_number_is_refused_when_read() -> None:
    with pytest.raises(InvalidInput, match="limit: a number from 1 to 1000"):
        BuildTargets.from_dict({"source": "highest_harm", "limit": "ten"})
