"""Crime harm: severity indices as data and an RFG-style offender priority scorer.

Two kinds of index (instruments.md §3):

* the ONS Crime Severity Score weights, shipped as ``core/data/harm/ons_css.json``
  (Open Government Licence), each value marked with its provenance (``V`` verified,
  ``R`` recalled, ``?`` by analogy);
* the Cambridge Crime Harm Index, which is not bundled: a force loads its licensed
  spreadsheet exported as CSV with :func:`load_cchi_csv`.

The scorer is *RFG-style* (recency, frequency, gravity; instruments.md §4), not any
force's model: each crime in the window scores ``gravity_weight x harm x recency`` plus
``frequency_weight``; an offender's total is multiplied by
``1 + victim_weight x (distinct victims - 1)``. Every ranking records which index (and
version) produced it, with a per-offender breakdown of what each report contributed.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

from foursight.errors import InvalidInput

#: Default recency bands: (age in days up to, factor). Older crimes count for less.
DEFAULT_RECENCY_BANDS: tuple[tuple[int, float], ...] = ((90, 1.0), (180, 0.75), (365, 0.5))


@dataclass(frozen=True, slots=True)
class OffenceWeight:
    """The harm weight of one offence code in one index."""

    code: str
    offence: str
    weight: float
    provenance: str = "V"


@dataclass(frozen=True, slots=True)
class HarmIndex:
    """A severity index: offence code -> weight, with where it came from."""

    id: str
    name: str
    version: str
    unit: str
    weights: dict[str, OffenceWeight]
    source: str = ""

    def weight(self, code: str) -> OffenceWeight | None:
        return self.weights.get(code.strip().upper())

    @property
    def unverified_codes(self) -> tuple[str, ...]:
        """Codes whose weight is recalled (R) or by analogy (?), not verified (V)."""
        return tuple(sorted(c for c, w in self.weights.items() if w.provenance != "V"))


def ons_css() -> HarmIndex:
    """The shipped ONS Crime Severity Score weights for the offences Foursight records."""
    text = resources.files("foursight.core.data").joinpath("harm/ons_css.json").read_text("utf-8")
    body = json.loads(text)
    weights = {
        str(o["code"]).upper(): OffenceWeight(
            str(o["code"]).upper(), str(o["offence"]), float(o["weight"]), str(o["provenance"])
        )
        for o in body["offences"]
    }
    return HarmIndex(
        body["id"], body["name"], body["version"], body["unit"], weights, body["source"]
    )


_CODE_HEADERS = ("code", "offence code", "ho code", "home office code", "hocr code")
_NAME_HEADERS = ("offence", "offence description", "description", "offence name")
_VALUE_HEADERS = ("cchi", "cchi days", "harm value", "harm value (days)", "days", "cchi value")


def _column(header: list[str], options: Sequence[str], path: Path, what: str) -> int:
    folded = [h.strip().lower() for h in header]
    for option in options:
        if option in folded:
            return folded.index(option)
    raise InvalidInput(
        f"{path}: line 1: no {what} column (expected one of: {', '.join(options)}).", field=what
    )


def load_cchi_csv(path: str | Path, *, version: str = "") -> HarmIndex:
    """Load a force-supplied Cambridge Crime Harm Index table exported as CSV.

    The header names an offence-code column (``code``, ``HO code`` ...), an optional
    description column and a harm-value column in days (``CCHI``, ``harm value``...).
    Values may carry thousands separators. Raises InvalidInput naming the file, line
    and column of the first bad value.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{source}: cannot be read: {exc}", field="cchi") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InvalidInput(f"{source}: line 1: the file is empty.", field="cchi")
    header = rows[0]
    code_at = _column(header, _CODE_HEADERS, source, "code")
    value_at = _column(header, _VALUE_HEADERS, source, "harm value")
    folded = [h.strip().lower() for h in header]
    name_at = next((folded.index(n) for n in _NAME_HEADERS if n in folded), None)
    weights: dict[str, OffenceWeight] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(code_at, value_at):
            raise InvalidInput(f"{source}: line {line}: too few columns.", field="cchi")
        code = row[code_at].strip().upper()
        raw = row[value_at].strip().replace(",", "")
        if not code:
            raise InvalidInput(f"{source}: line {line}, column {header[code_at]}: empty.")
        try:
            value = float(raw)
        except ValueError as exc:
            raise InvalidInput(
                f"{source}: line {line}, column {header[value_at]}: {raw!r} is not a number.",
                field="cchi",
            ) from exc
        if value < 0:
            raise InvalidInput(
                f"{source}: line {line}, column {header[value_at]}: harm cannot be negative.",
                field="cchi",
            )
        if code in weights:
            raise InvalidInput(f"{source}: line {line}: offence code {code!r} repeats.")
        name = row[name_at].strip() if name_at is not None and name_at < len(row) else code
        weights[code] = OffenceWeight(code, name, value, "V")
    return HarmIndex(
        "cchi", "Cambridge Crime Harm Index", version or source.name, "days", weights, str(source)
    )


@dataclass(frozen=True, slots=True)
class Crime:
    """One crime attributed to one offender (a linked person), as the scorer needs it."""

    offender_id: str
    crime_id: str
    offence_code: str
    occurred_at: datetime
    victim_id: str | None = None
    proactive: bool = False


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Versionable settings of the RFG-style scorer (defaults follow the Met V100 window)."""

    window_days: int = 365
    recency_bands: tuple[tuple[int, float], ...] = DEFAULT_RECENCY_BANDS
    gravity_weight: float = 1.0
    frequency_weight: float = 10.0
    victim_weight: float = 0.5
    exclude_proactive: bool = True

    def recency(self, age_days: int) -> float:
        for limit, factor in sorted(self.recency_bands):
            if age_days <= limit:
                return factor
        return 0.0


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one report added to an offender's score, and why."""

    crime_id: str
    offence_code: str
    occurred_at: datetime
    age_days: int
    harm: float
    recency: float
    points: float
    weighted: bool


@dataclass(frozen=True, slots=True)
class OffenderScore:
    offender_id: str
    score: float
    crimes: int
    victims: int
    gravity_points: float
    frequency_points: float
    victim_multiplier: float
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """A ranking of offenders with the provenance needed to audit or reproduce it."""

    index_id: str
    index_name: str
    index_version: str
    unverified_codes: tuple[str, ...]  # codes used here whose weight is not verified
    as_of: datetime
    config: ScoringConfig
    scores: tuple[OffenderScore, ...]
    unweighted_codes: tuple[str, ...] = field(default=())

    def top(self, n: int = 100) -> tuple[OffenderScore, ...]:
        """The ``n`` highest-scoring offenders (V100-style when n is 100)."""
        return self.scores[:n]


def score_offenders(
    crimes: Iterable[Crime],
    index: HarmIndex,
    *,
    as_of: datetime,
    config: ScoringConfig | None = None,
) -> Ranking:
    """Score and rank offenders on the crimes in the window ending at ``as_of``.

    Crimes after ``as_of`` or older than the window are left out, as are proactive
    detections unless configured otherwise (harm indices measure harm to victims, not
    enforcement). Offence codes the index has no weight for count for frequency but
    add no harm; they are listed in ``unweighted_codes`` so the gap is visible. Scores
    are ordered highest first, ties by offender id. Datetimes must be timezone-aware.
    """
    cfg = config or ScoringConfig()
    if as_of.tzinfo is None:
        raise InvalidInput("as_of must be timezone-aware (UTC).", field="as_of")
    by_offender: dict[str, list[Crime]] = defaultdict(list)
    for crime in crimes:
        if crime.occurred_at.tzinfo is None:
            raise InvalidInput(f"Crime {crime.crime_id}: occurred_at has no timezone.")
        age = (as_of - crime.occurred_at).days
        if crime.occurred_at > as_of or age > cfg.window_days:
            continue
        if crime.proactive and cfg.exclude_proactive:
            continue
        by_offender[crime.offender_id].append(crime)
    unweighted: set[str] = set()
    used: set[str] = set()
    scores = []
    for offender, own in by_offender.items():
        parts = []
        for crime in sorted(own, key=lambda c: (c.occurred_at, c.crime_id)):
            age = (as_of - crime.occurred_at).days
            weight = index.weight(crime.offence_code)
            used.add(crime.offence_code.strip().upper())
            if weight is None:
                unweighted.add(crime.offence_code)
            harm = weight.weight if weight else 0.0
            recency = cfg.recency(age)
            points = cfg.gravity_weight * harm * recency + cfg.frequency_weight
            parts.append(
                Contribution(
                    crime.crime_id,
                    crime.offence_code,
                    crime.occurred_at,
                    age,
                    harm,
                    recency,
                    points,
                    weight is not None,
                )
            )
        victims = len({c.victim_id for c in own if c.victim_id})
        multiplier = 1.0 + cfg.victim_weight * max(victims - 1, 0)
        gravity = sum(cfg.gravity_weight * p.harm * p.recency for p in parts)
        frequency = cfg.frequency_weight * len(parts)
        scores.append(
            OffenderScore(
                offender,
                (gravity + frequency) * multiplier,
                len(parts),
                victims,
                gravity,
                frequency,
                multiplier,
                tuple(parts),
            )
        )
    scores.sort(key=lambda s: (-s.score, s.offender_id))
    return Ranking(
        index.id,
        index.name,
        index.version,
        tuple(c for c in index.unverified_codes if c in used),
        as_of,
        cfg,
        tuple(scores),
        tuple(sorted(unweighted)),
    )


def top_offenders(ranking: Ranking, n: int = 100) -> tuple[OffenderScore, ...]:
    """The top ``n`` offenders of a ranking (the V100 list when n is 100)."""
    return ranking.top(n)
