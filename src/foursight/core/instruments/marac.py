"""MARAC referral criteria (SafeLives): visible high risk, professional judgement,
potential escalation and repeat MARAC.

Escalation and repeat are about dates, so they are computed here from the case's
occasion (incident) dates and the date of the last MARAC referral. Window lengths and
the escalation count are configuration (:class:`MaracConfig`) because areas differ: the
common practice is 3 or more incidents in 12 months, some areas use 6 months.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from foursight.core.instruments import _json
from foursight.errors import InvalidInput


class MaracCriterion(StrEnum):
    """The four SafeLives MARAC referral criteria, in their usual order."""

    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"


@dataclass(frozen=True, slots=True)
class MaracConfig:
    """Escalation and repeat settings for one area.

    ``escalation_count`` incidents or more within ``escalation_window_days`` days up to the
    assessment date meet potential escalation (default 3 in 365 days). A new incident
    within ``repeat_window_days`` days after the last MARAC referral is a repeat (default
    365). Invalid values raise InvalidInput when the config is built.
    """

    escalation_count: int = 3
    escalation_window_days: int = 365
    repeat_window_days: int = 365

    def __post_init__(self) -> None:
        for name in ("escalation_count", "escalation_window_days", "repeat_window_days"):
            _json.integer(getattr(self, name), f"config.marac.{name}", minimum=1)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> MaracConfig:
        """Build from JSON settings, e.g. ``{"escalation_window_days": 183}``."""
        keys = frozenset({"escalation_count", "escalation_window_days", "repeat_window_days"})
        values = _json.obj(data, "config.marac", allowed=keys)
        return cls(
            **{
                key: _json.integer(value, f"config.marac.{key}", minimum=1)
                for key, value in values.items()
            }
        )

    def to_dict(self) -> dict[str, int]:
        """JSON shape: the three settings by name."""
        return {
            "escalation_count": self.escalation_count,
            "escalation_window_days": self.escalation_window_days,
            "repeat_window_days": self.repeat_window_days,
        }


def incidents_in_window(occasion_dates: Iterable[date], as_of: date, window_days: int) -> int:
    """How many incidents fall within ``window_days`` days up to and including ``as_of``.

    An incident exactly ``window_days`` days before ``as_of`` counts; one a day earlier
    does not. Incidents after ``as_of`` are not counted.
    """
    return sum(1 for day in occasion_dates if 0 <= (as_of - day).days <= window_days)


def is_repeat(occasion_dates: Iterable[date], last_marac: date, window_days: int) -> bool:
    """Whether any incident falls after the day of the last MARAC and within the window.

    An incident on the day of the last MARAC is taken to be the one that was referred;
    one exactly ``window_days`` days later is still a repeat.
    """
    return any(1 <= (day - last_marac).days <= window_days for day in occasion_dates)


def marac_criteria(
    *,
    visible_high_risk: bool = False,
    professional_judgement: bool = False,
    occasion_dates: Iterable[date] = (),
    last_marac: date | None = None,
    as_of: date | None = None,
    config: MaracConfig | None = None,
) -> list[MaracCriterion]:
    """The MARAC referral criteria a case meets, in SafeLives order (empty: no referral).

    - ``visible_high_risk``: the DASH count reached the high band (14+ by default).
    - ``professional_judgement``: a professional judged the case high risk.
    - potential escalation: ``config.escalation_count`` or more incidents within
      ``config.escalation_window_days`` days up to ``as_of`` (default: the latest incident).
    - repeat: an incident within ``config.repeat_window_days`` days after ``last_marac``.

    Dates may be ``date`` values, aware ``datetime`` values (taken as UTC days) or ISO
    strings; naive datetimes and incidents after ``as_of`` raise InvalidInput.

    >>> from datetime import date
    >>> marac_criteria(occasion_dates=[date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 1)])
    [<MaracCriterion.POTENTIAL_ESCALATION: 'potential_escalation'>]
    """
    settings = config or MaracConfig()
    days = [_json.day(value, f"occasion_dates[{i}]") for i, value in enumerate(occasion_dates)]
    last = None if last_marac is None else _json.day(last_marac, "last_marac")
    end = None if as_of is None else _json.day(as_of, "as_of")
    if end is not None:
        late = [i for i, day in enumerate(days) if day > end]
        if late:
            raise InvalidInput(
                f"Occasion {days[late[0]].isoformat()} is after the assessment date "
                f"{end.isoformat()}.",
                field=f"occasion_dates[{late[0]}]",
            )
        if last is not None and last > end:
            raise InvalidInput(
                f"The last MARAC ({last.isoformat()}) is after the assessment date "
                f"{end.isoformat()}.",
                field="last_marac",
            )
    met: list[MaracCriterion] = []
    if visible_high_risk:
        met.append(MaracCriterion.VISIBLE_HIGH_RISK)
    if professional_judgement:
        met.append(MaracCriterion.PROFESSIONAL_JUDGEMENT)
    if days:
        window_end = end or max(days)
        count = incidents_in_window(days, window_end, settings.escalation_window_days)
        if count >= settings.escalation_count:
            met.append(MaracCriterion.POTENTIAL_ESCALATION)
    if last is not None and is_repeat(days, last, settings.repeat_window_days):
        met.append(MaracCriterion.REPEAT)
    return met
