"""The rules a report's outcome and advocate assignment meet, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from foursight.core.report_commands import (
    AddOccasion,
    AddParty,
    AssignAdvocate,
    CreateReport,
    SetOutcome,
    UpdateReport,
    changed_fields,
    check_advocate,
    check_choice,
    check_occasion,
    check_outcome,
    check_party,
    check_report,
    check_report_update,
)
from foursight.errors import InvalidInput


def _field(command: SetOutcome) -> str | None:
    with pytest.raises(InvalidInput) as caught:
        check_outcome(command)
    return caught.value.field


def test_a_charge_with_its_court_dates_passes() -> None:
    command = SetOutcome(
        code="1",
        charge="Stalking",
        charged_on=date(2026, 4, 30),
        first_hearing=date(2026, 5, 14),
        trial_date=date(2026, 6, 1),
    )
    assert check_outcome(command) == command


def test_an_unknown_code_names_the_field_and_lists_the_codes() -> None:
    with pytest.raises(InvalidInput, match=r"code: unknown code '99'; expected one of 1, ") as e:
        check_outcome(SetOutcome(code="99"))
    assert e.value.field == "code"


@pytest.mark.parametrize("code", ["14", "16"])
def test_outcomes_14_and_16_need_the_withdrawal_reason(code: str) -> None:
    with pytest.raises(InvalidInput, match="withdrawal_reason: required with outcome 14 or 16"):
        check_outcome(SetOutcome(code=code))
    assert check_outcome(SetOutcome(code=code, withdrawal_reason="fear_of_reprisal"))


def test_an_unknown_withdrawal_reason_is_refused() -> None:
    assert _field(SetOutcome(code="14", withdrawal_reason="bored")) == "withdrawal_reason"


def test_a_date_must_be_a_date() -> None:
    command = SetOutcome(code="1", trial_date="next week")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=r"trial_date: expected a date \(YYYY-MM-DD\)"):
        check_outcome(command)


def test_the_trial_is_not_before_the_first_hearing() -> None:
    command = SetOutcome(code="1", first_hearing=date(2026, 6, 2), trial_date=date(2026, 6, 1))
    with pytest.raises(InvalidInput, match="trial_date: the trial is before the first hearing"):
        check_outcome(command)


def test_from_dict_fills_blanks_and_keeps_dates() -> None:
    command = SetOutcome.from_dict(
        {"code": "15", "charge": None, "charged_on": date(2026, 1, 2), "notes": ""}
    )
    assert command == SetOutcome(code="15", charged_on=date(2026, 1, 2))


def test_check_choice_returns_the_code_or_names_the_field() -> None:
    assert check_choice("a", {"a": "A"}, "kind") == "a"
    with pytest.raises(InvalidInput) as caught:
        check_choice(None, {"a": "A"}, "offences[2]")
    assert caught.value.field == "offences[2]"


def test_an_advocate_assignment_records_consent() -> None:
    with pytest.raises(InvalidInput, match="consent_reference: record the victim's consent"):
        check_advocate(AssignAdvocate(party_id=3, advocate="iva", consent_reference="   "))
    checked = check_advocate(AssignAdvocate(party_id=3, advocate="iva", consent_reference=" C1 "))
    assert checked.consent_reference == "C1"


def test_advocate_from_dict_reads_a_missing_or_bad_party_as_none() -> None:
    assert AssignAdvocate.from_dict({}).party_id == 0
    assert AssignAdvocate.from_dict({"party_id": "x", "advocate": "iva"}).party_id == 0
    assert AssignAdvocate.from_dict({"party_id": "12"}) == AssignAdvocate(12, "", "")


NOW = datetime(2026, 3, 12, 9, tzinfo=UTC)
REPORT = CreateReport(unit="CN-CAMDEN", channel="online", offences=("8Q",))


def _report_field(command: CreateReport) -> str | None:
    with pytest.raises(InvalidInput) as caught:
        check_report(command, now=NOW)
    return caught.value.field


def test_a_new_report_is_dated_now_when_no_time_is_given() -> None:
    assert check_report(REPORT, now=NOW).reported_at == NOW
    earlier = datetime(2026, 3, 1, 21, tzinfo=UTC)
    assert check_report(replace(REPORT, reported_at=earlier), now=NOW).reported_at == earlier


def test_a_report_time_without_a_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="reported_at: give a time zone"):
        check_report(replace(REPORT, reported_at=datetime(2026, 3, 1, 21)), now=NOW)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"status": "lost"}, "status"),
        ({"domestic_abuse": "yes"}, "domestic_abuse"),
        ({"cyber_element": None}, "cyber_element"),
        ({"offences": ("8Q", "XX")}, "offences[1]"),
        ({"offences": ("8Q", "8Q")}, "offences"),
    ],
)
def test_each_report_rule_names_its_field(change: dict[str, Any], field: str) -> None:
    assert _report_field(replace(REPORT, **change)) == field


def test_report_from_dict_reads_the_api_body() -> None:
    command = CreateReport.from_dict(
        {
            "unit": "CN-CAMDEN",
            "channel": "online",
            "offences": ["8Q", "8L"],
            "status": "",
            "allocated_officer": "",
            "victims": [{"person_id": 4}],
        }
    )
    assert command.offences == ("8Q", "8L") and command.status == "open"
    assert command.allocated_officer is None
    assert command.victims == (AddParty(person_id=4, role="victim"),)
    assert command.domestic_abuse is False and command.reported_at is None


def test_a_new_reports_parties_and_occasions_are_checked_before_anything_is_written() -> None:
    command = CreateReport.from_dict(
        {
            "unit": "CN-CAMDEN",
            "channel": "online",
            "offences": ["8Q"],
            "suspects": [{"person_id": 5}, {"person_id": 6, "relationship": "neighbour"}],
            "occasions": [{"started_at": NOW, "behaviours": ["contacting"]}],
        }
    )
    checked = check_report(command, now=NOW)
    assert [p.relationship for p in checked.suspects] == ["unknown", "neighbour"]
    assert checked.occasions[0].source == "victim_statement"
    bad = replace(command, suspects=(AddParty(5, "suspect", "landlord"),))
    assert _report_field(bad) == "suspects[0].relationship"
    victim = replace(command, victims=(AddParty(4, "victim", "partner"),))
    with pytest.raises(InvalidInput, match=r"victims\[0\].relationship: only a suspect"):
        check_report(victim, now=NOW)
    no_behaviour = replace(command, occasions=(AddOccasion(NOW, ()),))
    assert _report_field(no_behaviour) == "occasions[0].behaviours"


def _occasion_field(command: AddOccasion) -> str | None:
    with pytest.raises(InvalidInput) as caught:
        check_occasion(command)
    return caught.value.field


def test_an_occasion_defaults_its_source_to_the_victims_statement() -> None:
    checked = check_occasion(AddOccasion.from_dict({"started_at": NOW, "behaviours": ["watching"]}))
    assert checked == AddOccasion(NOW, ("watching",), source="victim_statement")


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (AddOccasion(None, ("watching",)), "occasion.started_at"),  # type: ignore[arg-type]
        (AddOccasion(datetime(2026, 3, 1, 21), ("watching",)), "occasion.started_at"),
        (AddOccasion(NOW, ("watching",), ended_at=NOW - timedelta(hours=1)), "occasion.ended_at"),
        (AddOccasion(NOW, ("watching",), ended_at="later"), "occasion.ended_at"),  # type: ignore[arg-type]
        (AddOccasion(NOW, ()), "occasion.behaviours"),
        (AddOccasion(NOW, ("watching", "haunting")), "occasion.behaviours[1]"),
        (AddOccasion(NOW, ("watching",), source="rumour"), "occasion.source"),
        (AddOccasion(NOW, ("watching",), location="x" * 201), "occasion.location"),
    ],
)
def test_each_occasion_rule_names_its_field(command: AddOccasion, field: str) -> None:
    assert _occasion_field(command) == field


def test_a_suspect_without_a_relationship_is_of_unknown_relationship() -> None:
    assert check_party(AddParty(5, "suspect")).relationship == "unknown"
    assert check_party(AddParty(4, "witness")) == AddParty(4, "witness")


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (AddParty(4, "bystander"), "role: unknown code 'bystander'"),
        (AddParty(4, "suspect", "landlord"), "party.relationship: unknown code 'landlord'"),
        (AddParty(4, "witness", "partner"), "party.relationship: only a suspect has"),
    ],
)
def test_each_party_rule_names_its_field(command: AddParty, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_party(command)


def test_a_party_from_a_body_with_no_number_is_no_person() -> None:
    assert AddParty.from_dict({"person_id": "x", "role": "victim"}).person_id == 0


def test_an_update_names_only_the_fields_sent() -> None:
    command = UpdateReport.from_dict({"summary": None, "offences": ["8Q"], "status": "closed"})
    assert command.fields == {"summary", "offences", "status"}
    checked = check_report_update(command)
    assert checked.summary == "" and checked.offences == ("8Q",) and checked.channel is None
    assert changed_fields(checked) == ["status", "summary", "offences"]
    assert check_report_update(UpdateReport()).offences is None


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"channel": "pigeon"}, "channel"),
        ({"domestic_abuse": "yes"}, "domestic_abuse"),
        ({"review_due": "soon"}, "review_due"),
        ({"offences": ["8Q", "XX"]}, "offences[1]"),
        ({"offences": []}, None),
    ],
)
def test_each_update_rule_names_its_field(sent: dict[str, Any], field: str | None) -> None:
    command = UpdateReport.from_dict(sent)
    if field is None:
        assert check_report_update(command).offences == ()
        return
    with pytest.raises(InvalidInput) as caught:
        check_report_update(command)
    assert caught.value.field == field
