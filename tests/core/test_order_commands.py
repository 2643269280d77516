"""The rules an order, its conditions and a breach meet, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from foursight.core.order_commands import (
    CreateOrder,
    NewCondition,
    OrderTerms,
    RecordBreach,
    UpdateOrder,
    check_breach_time,
    check_condition,
    check_order_terms,
    parse_date,
)
from foursight.errors import InvalidInput

TODAY = date(2026, 3, 12)
KINDS = ("no_contact", "exclusion_address", "exclusion_postcode", "requirement", "other")
TERMS = OrderTerms(
    court="Highbury Corner", made_on=date(2026, 3, 1), expires_on=None, until_further_order=True
)


def _field(exc: pytest.ExceptionInfo[InvalidInput]) -> str | None:
    return exc.value.field


def test_dates_are_parsed_and_times_refused() -> None:
    assert parse_date("2026-03-01", "made_on") == date(2026, 3, 1)
    assert parse_date("", "made_on") is None
    with pytest.raises(InvalidInput, match="made_on: use YYYY-MM-DD, not '1/3/26'"):
        parse_date("1/3/26", "made_on")
    with pytest.raises(InvalidInput, match="not a time"):
        parse_date(datetime(2026, 3, 1, 9, tzinfo=UTC), "served_on")


def test_a_sound_order_passes() -> None:
    check_order_terms(TERMS, today=TODAY)
    later = replace(TERMS, until_further_order=False, expires_on=date(2027, 3, 1))
    check_order_terms(later, today=TODAY)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"court": ""}, "court", "name the court"),
        ({"made_on": None}, "made_on", "give the date the order was made"),
        ({"made_on": date(2026, 3, 13)}, "made_on", "cannot be made in the future"),
        ({"expires_on": date(2027, 1, 1)}, "expires_on", "until further order has no expiry"),
        ({"until_further_order": False}, "expires_on", "give the expiry date"),
        (
            {"until_further_order": False, "expires_on": date(2026, 2, 1)},
            "expires_on",
            "expires before it was made",
        ),
        ({"served_on": date(2026, 2, 1)}, "served_on", "before the order was made"),
        ({"notified_on": date(2026, 3, 13)}, "notified_on", "cannot be in the future"),
    ],
)
def test_each_order_rule_names_its_field(
    change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as exc:
        check_order_terms(replace(TERMS, **change), today=TODAY)  # type: ignore[arg-type]
    assert _field(exc) == field


def test_a_discharge_may_be_set_ahead() -> None:
    check_order_terms(replace(TERMS, discharged_on=TODAY + timedelta(days=10)), today=TODAY)


def test_a_full_spo_lasts_two_years_unless_until_further_order() -> None:
    two_years = lambda made: made.replace(year=made.year + 2)  # noqa: E731
    short = replace(TERMS, until_further_order=False, expires_on=date(2027, 3, 1))
    with pytest.raises(InvalidInput, match=r"at least 2 years \(to 2028-03-01 or later\)"):
        check_order_terms(short, today=TODAY, minimum_expiry=two_years)
    check_order_terms(TERMS, today=TODAY, minimum_expiry=two_years)


def test_conditions_need_what_their_kind_names() -> None:
    def check(command: NewCondition) -> NewCondition:
        return check_condition(command, field="condition", kinds=KINDS, protected_ids={4, 5})

    assert check(NewCondition("no_contact", person_ids=(4,))).person_ids == (4,)
    with pytest.raises(InvalidInput, match=r"condition\.person_ids: name one or more") as exc:
        check(NewCondition("no_contact", person_ids=(4, 9)))
    assert _field(exc) == "condition.person_ids"
    with pytest.raises(InvalidInput, match=r"condition\.kind: expected one of"):
        check(NewCondition("curfew"))
    with pytest.raises(InvalidInput, match=r"condition\.address: give the address"):
        check(NewCondition("exclusion_address", address="  "))
    with pytest.raises(InvalidInput, match=r"condition\.postcode: not a UK postcode"):
        check(NewCondition("exclusion_postcode", postcode="nowhere", radius_m=200))
    for radius in (0, 50001, True, None):
        with pytest.raises(InvalidInput, match=r"condition\.radius_m: a whole number"):
            check(NewCondition("exclusion_postcode", postcode="n1 9gu", radius_m=radius))
    zone = check(NewCondition("exclusion_postcode", postcode="n1 9gu", radius_m=200, text=" x "))
    assert (zone.postcode, zone.radius_m, zone.text) == ("N1 9GU", 200, "x")
    with pytest.raises(InvalidInput, match=r"conditions\[2\]\.text: describe the condition"):
        check_condition(
            NewCondition("other", text=" "), field="conditions[2]", kinds=KINDS, protected_ids=()
        )


def test_a_breach_time_carries_its_offset_and_is_past() -> None:
    now = datetime(2026, 3, 12, 12, tzinfo=UTC)
    assert check_breach_time(now - timedelta(hours=1), now=now) == now - timedelta(hours=1)
    with pytest.raises(InvalidInput, match="occurred_at: give the date and time with its UTC"):
        check_breach_time(datetime(2026, 3, 12, 9), now=now)
    with pytest.raises(InvalidInput, match="occurred_at: cannot be in the future"):
        check_breach_time(now + timedelta(minutes=1), now=now)


def test_commands_from_a_mapping() -> None:
    order = CreateOrder.from_dict(
        {
            "kind": "spo",
            "subject_id": 3,
            "protected_ids": [4, 4, 5],
            "court": "  Highbury Corner ",
            "made_on": "2026-03-01",
            "until_further_order": 1,
            "conditions": [{"kind": "no_contact", "person_ids": [4, 4]}],
        }
    )
    assert order.protected_ids == (4, 5) and order.court == "Highbury Corner"
    assert order.made_on == date(2026, 3, 1) and order.until_further_order is True
    assert order.conditions == (NewCondition("no_contact", person_ids=(4,)),)
    breach = RecordBreach.from_dict({"occurred_at": None, "occasion_ids": [2, 2, 3]})
    assert breach.occasion_ids == (2, 3) and breach.description == ""


def test_an_update_changes_only_the_fields_sent() -> None:
    update = UpdateOrder.from_dict({"discharged_on": "2026-05-01", "report_id": None, "x": 1})
    assert update.sent == {"discharged_on", "report_id"}
    assert update.values() == {"discharged_on": date(2026, 5, 1)}
    assert UpdateOrder.from_dict({}).values() == {}
    with pytest.raises(InvalidInput, match="kind: not a field of an order"):
        UpdateOrder(sent=frozenset({"kind"}))
