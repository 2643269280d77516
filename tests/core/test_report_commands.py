"""The rules a report's outcome and advocate assignment meet, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from foursight.core.report_commands import (
    AssignAdvocate,
    CreateReport,
    SetOutcome,
    check_advocate,
    check_choice,
    check_outcome,
    check_report,
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
    assert command.allocated_officer is None and command.victims == ({"person_id": 4},)
    assert command.domestic_abuse is False and command.reported_at is None
