"""The inputs to scoring besides the answers: judgement, case context and area config.

Each has ``from_dict`` for JSON payloads (``POST /api/v1/instruments/{id}/score``) so the
service parses a request body in one call and gets InvalidInput naming the bad field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from foursight.core.instruments import _json
from foursight.core.instruments.loader import parse_bands
from foursight.core.instruments.marac import MaracConfig
from foursight.core.instruments.model import Band
from foursight.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Judgement:
    """A professional judgement: the level the officer grades and why, in their words.

    ``level`` is "standard", "medium" or "high". ``rationale`` is mandatory whenever a
    judgement is given. For DASH a judgement may only keep or raise the counted level.
    Both are checked by :func:`~foursight.core.instruments.score`.
    """

    level: str
    rationale: str

    @classmethod
    def from_dict(cls, data: object) -> Judgement:
        """Build from ``{"level": "high", "rationale": "..."}``."""
        values = _json.obj(data, "judgement", allowed=frozenset({"level", "rationale"}))
        level = values.get("level")
        rationale = values.get("rationale", "")
        if not isinstance(level, str):
            raise InvalidInput("judgement.level must be a string.", field="judgement.level")
        if not isinstance(rationale, str):
            raise InvalidInput("judgement.rationale must be text.", field="judgement.rationale")
        return cls(level=level, rationale=rationale)

    def to_dict(self) -> dict[str, str]:
        """JSON shape: ``{"level", "rationale"}``."""
        return {"level": self.level, "rationale": self.rationale}


_CONTEXT_KEYS = frozenset(
    {
        "occasion_dates",
        "undated_occasions",
        "victim_very_frightened",
        "last_marac",
        "as_of",
        "licensed_assessor",
    }
)


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """What the case knows beyond the answers, for triggers, screens and MARAC.

    - ``occasion_dates``: the dated occasions (incidents) of the reported conduct. They
      count towards a course of conduct (PHA 1997 s.7), the S-DASH trigger, and MARAC
      potential escalation and repeat.
    - ``undated_occasions``: further occasions the victim describes without a date
      (reported or not); they count towards the S-DASH trigger only.
    - ``victim_very_frightened``: the victim says they are very frightened (S-DASH trigger).
    - ``last_marac``: the date of the last MARAC referral for this victim, if any.
    - ``as_of``: the assessment date; defaults to the latest occasion. The core never reads
      the clock, so the same inputs always give the same result.
    - ``licensed_assessor``: the person recording is licensed for the instrument (SRP, SAM);
      the service sets it from the user's role.

    Dates may be given as ``date``, aware ``datetime`` (taken as a UTC day) or ISO string;
    they are normalised to ``date`` on construction. Occasions or a last MARAC after
    ``as_of`` raise InvalidInput.
    """

    occasion_dates: Sequence[date] = ()
    undated_occasions: int = 0
    victim_very_frightened: bool = False
    last_marac: date | None = None
    as_of: date | None = None
    licensed_assessor: bool = False

    def __post_init__(self) -> None:
        where = "context.occasion_dates"
        if not isinstance(self.occasion_dates, list | tuple):
            raise InvalidInput(f"{where} must be a list of dates.", field=where)
        days = tuple(
            _json.day(value, f"{where}[{i}]") for i, value in enumerate(self.occasion_dates)
        )
        object.__setattr__(self, "occasion_dates", days)
        for name in ("last_marac", "as_of"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _json.day(value, f"context.{name}"))
        _json.integer(self.undated_occasions, "context.undated_occasions")
        _json.flag(self.victim_very_frightened, "context.victim_very_frightened")
        _json.flag(self.licensed_assessor, "context.licensed_assessor")
        if self.as_of is not None:
            for i, day in enumerate(days):
                if day > self.as_of:
                    raise InvalidInput(
                        f"Occasion {day.isoformat()} is after the assessment date "
                        f"{self.as_of.isoformat()}.",
                        field=f"{where}[{i}]",
                    )
            if self.last_marac is not None and self.last_marac > self.as_of:
                raise InvalidInput(
                    f"The last MARAC ({self.last_marac.isoformat()}) is after the assessment "
                    f"date {self.as_of.isoformat()}.",
                    field="context.last_marac",
                )

    @property
    def occasions(self) -> int:
        """All occasions, dated and undated."""
        return len(self.occasion_dates) + self.undated_occasions

    @classmethod
    def from_dict(cls, data: object) -> ScoringContext:
        """Build from JSON, e.g. ``{"occasion_dates": ["2026-01-03"], "last_marac": null}``."""
        values = _json.obj(data, "context", allowed=_CONTEXT_KEYS)
        dates = values.get("occasion_dates", [])
        return cls(
            occasion_dates=[
                _json.day(v, f"context.occasion_dates[{i}]")
                for i, v in enumerate(_json.arr(dates, "context.occasion_dates"))
            ],
            undated_occasions=_json.integer(
                values.get("undated_occasions", 0), "context.undated_occasions"
            ),
            victim_very_frightened=_json.flag(
                values.get("victim_very_frightened", False), "context.victim_very_frightened"
            ),
            last_marac=_optional_day(values.get("last_marac"), "context.last_marac"),
            as_of=_optional_day(values.get("as_of"), "context.as_of"),
            licensed_assessor=_json.flag(
                values.get("licensed_assessor", False), "context.licensed_assessor"
            ),
        )

    def to_dict(self) -> dict[str, object]:
        """JSON shape, dates as ISO strings (the inverse of :meth:`from_dict`)."""
        return {
            "occasion_dates": [day.isoformat() for day in self.occasion_dates],
            "undated_occasions": self.undated_occasions,
            "victim_very_frightened": self.victim_very_frightened,
            "last_marac": None if self.last_marac is None else self.last_marac.isoformat(),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "licensed_assessor": self.licensed_assessor,
        }


def _optional_day(value: object, where: str) -> date | None:
    return None if value is None else _json.day(value, where)


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """An area's configuration: count bands per instrument and the MARAC settings.

    ``bands`` replaces the shipped bands of a ``count_yes`` instrument, e.g.
    ``{"dash": (Band(Level.STANDARD, 0, 11), Band(Level.HIGH, 12))}``. The lower bound of
    the "high" band is the visible-high-risk threshold. Bands are checked when scoring.
    """

    bands: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)
    marac: MaracConfig = field(default_factory=MaracConfig)

    @classmethod
    def from_dict(cls, data: object) -> ScoringConfig:
        """Build from JSON settings::

        {"bands": {"dash": [{"level": "standard", "min": 0, "max": 9}, ...]},
         "marac": {"escalation_window_days": 183}}
        """
        values = _json.obj(data, "config", allowed=frozenset({"bands", "marac"}))
        bands = {
            _json.text(key, "config.bands"): parse_bands(value, f"config.bands.{key}")
            for key, value in _json.obj(values.get("bands", {}), "config.bands").items()
        }
        marac = _json.obj(values.get("marac", {}), "config.marac")
        return cls(bands=bands, marac=MaracConfig.from_dict(marac))
