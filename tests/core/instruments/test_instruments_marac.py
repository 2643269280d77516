"""MARAC criteria: escalation window edges, configurable window and count, repeat MARAC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from foursight.core.instruments import (
    MaracConfig,
    MaracCriterion,
    ScoringConfig,
    ScoringContext,
    incidents_in_window,
    marac_criteria,
    score,
)
from foursight.errors import InvalidInput

AS_OF = date(2026, 6, 30)


def before(days: int) -> date:
    return AS_OF - timedelta(days=days)


def test_three_incidents_within_365_days_is_escalation():
    dates = [before(365), before(100), before(0)]
    assert marac_criteria(occasion_dates=dates, as_of=AS_OF) == [
        MaracCriterion.POTENTIAL_ESCALATION
    ]


def test_one_incident_a_day_outside_the_window_is_not_escalation():
    dates = [before(366), before(100), before(0)]
    assert incidents_in_window(dates, AS_OF, 365) == 2
    assert marac_criteria(occasion_dates=dates, as_of=AS_OF) == []


def test_two_incidents_are_not_escalation():
    assert marac_criteria(occasion_dates=[before(1), before(2)], as_of=AS_OF) == []


def test_window_ends_at_the_latest_incident_without_as_of():
    dates = [date(2025, 1, 1), date(2025, 6, 1), date(2026, 1, 1)]
    assert marac_criteria(occasion_dates=dates) == [MaracCriterion.POTENTIAL_ESCALATION]
    assert marac_criteria(occasion_dates=[*dates[1:], date(2024, 12, 31)]) == []


def test_a_later_assessment_date_moves_the_window():
    dates = [date(2025, 1, 1), date(2025, 6, 1), date(2026, 1, 1)]
    assert marac_criteria(occasion_dates=dates, as_of=date(2026, 1, 2)) == []


def test_configurable_window_of_six_months():
    config = MaracConfig(escalation_window_days=183)
    inside = [before(183), before(50), before(0)]
    outside = [before(184), before(50), before(0)]
    assert marac_criteria(occasion_dates=inside, as_of=AS_OF, config=config) == [
        MaracCriterion.POTENTIAL_ESCALATION
    ]
    assert marac_criteria(occasion_dates=outside, as_of=AS_OF, config=config) == []
    assert marac_criteria(occasion_dates=outside, as_of=AS_OF) == [
        MaracCriterion.POTENTIAL_ESCALATION
    ]


def test_configurable_count():
    config = MaracConfig(escalation_count=4)
    dates = [before(10), before(20), before(30)]
    assert marac_criteria(occasion_dates=dates, as_of=AS_OF, config=config) == []
    more = [*dates, before(40)]
    assert marac_criteria(occasion_dates=more, as_of=AS_OF, config=config) == [
        MaracCriterion.POTENTIAL_ESCALATION
    ]


@pytest.mark.parametrize(
    ("days_after", "repeat"), [(0, False), (1, True), (200, True), (365, True), (366, False)]
)
def test_repeat_marac_window(days_after, repeat):
    last = date(2025, 3, 1)
    incident = last + timedelta(days=days_after)
    met = marac_criteria(occasion_dates=[incident], last_marac=last)
    assert (MaracCriterion.REPEAT in met) is repeat


def test_repeat_window_is_configurable():
    last = date(2025, 3, 1)
    incident = last + timedelta(days=200)
    config = MaracConfig(repeat_window_days=180)
    assert marac_criteria(occasion_dates=[incident], last_marac=last, config=config) == []


def test_no_repeat_without_a_previous_marac():
    assert marac_criteria(occasion_dates=[date(2025, 3, 1)]) == []


def test_all_four_criteria_in_order():
    last = before(300)
    met = marac_criteria(
        visible_high_risk=True,
        professional_judgement=True,
        occasion_dates=[before(200), before(100), before(0)],
        last_marac=last,
        as_of=AS_OF,
    )
    assert [c.value for c in met] == [
        "visible_high_risk",
        "professional_judgement",
        "potential_escalation",
        "repeat",
    ]


def test_aware_datetimes_are_taken_as_utc_days():
    # 00:30 British Summer Time on 30 June is 23:30 UTC on 29 June: not after as_of.
    just_after_midnight_bst = datetime(2026, 6, 30, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    dates = [date(2025, 6, 29), date(2026, 1, 1), just_after_midnight_bst]
    assert marac_criteria(occasion_dates=dates, as_of=date(2026, 6, 29)) == [
        MaracCriterion.POTENTIAL_ESCALATION
    ]
    context = ScoringContext(occasion_dates=[datetime(2026, 1, 1, 23, 59, tzinfo=UTC)])
    assert context.occasion_dates == (date(2026, 1, 1),)


def test_naive_datetimes_are_refused():
    with pytest.raises(InvalidInput, match="time zone") as err:
        marac_criteria(occasion_dates=[datetime(2026, 1, 1, 12, 0)])
    assert err.value.field == "occasion_dates[0]"


def test_incidents_after_the_assessment_date_are_refused():
    with pytest.raises(InvalidInput, match="after the assessment date"):
        marac_criteria(occasion_dates=[date(2026, 7, 1)], as_of=AS_OF)
    with pytest.raises(InvalidInput, match="after the assessment date") as err:
        ScoringContext(occasion_dates=[date(2026, 7, 1)], as_of=AS_OF)
    assert err.value.field == "context.occasion_dates[0]"
    with pytest.raises(InvalidInput, match="last MARAC") as err:
        ScoringContext(last_marac=date(2026, 7, 1), as_of=AS_OF)
    assert err.value.field == "context.last_marac"


@pytest.mark.parametrize("name", ["escalation_count", "escalation_window_days"])
def test_invalid_config_is_refused(name):
    with pytest.raises(InvalidInput) as err:
        MaracConfig(**{name: 0})
    assert err.value.field == f"config.marac.{name}"


def test_score_uses_the_configured_window(dash_answers):
    context = ScoringContext(occasion_dates=[before(200), before(100), before(0)], as_of=AS_OF)
    config = ScoringConfig(marac=MaracConfig(escalation_window_days=183))
    assert score("dash", dash_answers(), context=context).marac_referral is True
    assert score("dash", dash_answers(), context=context, config=config).marac_referral is False


def test_repeat_marac_through_score(dash_answers):
    context = ScoringContext(occasion_dates=[date(2026, 2, 1)], last_marac=date(2025, 9, 1))
    result = score("dash", dash_answers(yes=1), context=context)
    assert list(result.criteria) == ["repeat"]
    assert "refer_marac" in [p.id for p in result.prompts]


def test_sdash_does_not_refer_to_marac_even_with_escalation(sdash_answers):
    from foursight.core.instruments import Judgement

    context = ScoringContext(occasion_dates=[before(3), before(2), before(1)], as_of=AS_OF)
    result = score("sdash", sdash_answers(), Judgement("high", "Daily visits."), context)
    assert (result.marac_referral, result.criteria) == (False, ())
