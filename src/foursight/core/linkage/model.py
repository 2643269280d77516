"""The linkage model: Splink settings as Python code, training, and portable parameters.

The model *definition* (blocking rules, comparisons and their levels) lives only here,
as code. Each backend gets its own SQL dialect built from it. What training learns (the
prior and the m and u probability of every comparison level) is exported to a small
versioned JSON (:class:`ModelParams`) and injected back into whichever backend's
settings are built next. A Splink model JSON saved from DuckDB is never loaded on Spark:
it holds DuckDB-quoted SQL that Spark reads as string literals (linkage.md §0).

Modelling choices (linkage.md §5):

* names: exact (with term-frequency adjustment, so "smith" counts for less than
  "ekdahl"), then the nickname-canonical forename, then Jaro-Winkler bands;
* date of birth: exact, one-character typo or day/month swap, within a month/year/10 years;
* phone and e-mail: exact only, with term frequency (shared hostel numbers count less);
* handle: exact only. E-mails and handles are built from names, so fuzzy-matching them
  double-counts the name and chains false merges at scale; they are never fuzzy;
* postcode: full, sector, district, area.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from foursight.core.linkage._splink import SettingsCreator, block_on, cl, cll
from foursight.errors import InvalidInput

#: Bump when a comparison, level or blocking rule changes: old parameters then no longer fit.
SPEC_VERSION = "foursight-linkage-1"
PARAMS_FORMAT = 1

Dialect = Literal["duckdb", "spark"]

#: Columns whose exact-match level uses term-frequency adjustment.
TF_COLUMNS: tuple[str, ...] = ("first_name", "surname", "phone", "email")


#: Blocking keys: two mentions become a candidate pair when they agree on every column
#: of at least one key. Many strict keys rather than a few loose ones (linkage.md §5.2).
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("first_name", "surname"),
    ("first_name_canonical", "surname"),
    ("surname", "dob"),
    ("first_name", "dob"),
    ("dob", "postcode"),
    ("surname_metaphone", "birth_year"),
    ("phone",),
    ("email",),
    ("handle",),
)


def blocking_rules() -> list[Any]:
    """Splink rules for :data:`BLOCKING_KEYS`; null keys never block together."""
    return [block_on(*key) for key in BLOCKING_KEYS]


def comparisons() -> list[Any]:
    """The comparisons, in a fixed order (their names key the exported parameters)."""
    first_name = cl.CustomComparison(
        output_column_name="first_name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True),
            cll.ExactMatchLevel("first_name_canonical"),
            cll.JaroWinklerLevel("first_name", 0.92),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.ElseLevel(),
        ],
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.DamerauLevenshteinLevel("surname", 1),
            cll.JaroWinklerLevel("surname", 0.88),
            cll.ElseLevel(),
        ],
    )
    return [
        first_name,
        surname,
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
        cl.ExactMatch("email").configure(term_frequency_adjustments=True),
        cl.ExactMatch("handle"),
        cl.PostcodeComparison("postcode"),
    ]


def settings_creator(*, explain: bool = False) -> Any:
    """The dialect-neutral Splink ``SettingsCreator`` for person mentions.

    Predictions always keep each comparison's level (``gamma_*``) and match weight
    (``mw_*``); ``explain`` also keeps the compared values, for showing an officer why
    two mentions were linked.
    """
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="mention_id",
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=comparisons(),
        retain_matching_columns=explain,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
    )


@dataclass(frozen=True, slots=True)
class LevelParams:
    """The trained m and u probability of one comparison level (``None``: untrained)."""

    label: str
    m: float | None
    u: float | None


@dataclass(frozen=True, slots=True)
class ModelParams:
    """Trained parameters, portable between backends and stored as versioned JSON."""

    probability_two_random_records_match: float
    comparisons: dict[str, list[LevelParams]]
    spec_version: str = SPEC_VERSION
    trained_on: str = ""
    n_mentions: int = 0
    notes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Stable JSON (sorted keys), so the same training gives the same bytes."""
        body = {"format": PARAMS_FORMAT, **asdict(self)}
        return json.dumps(body, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ModelParams:
        """Parse parameters; raises InvalidInput if they were made for another spec."""
        try:
            body = json.loads(text)
            if body.get("format") != PARAMS_FORMAT or body.get("spec_version") != SPEC_VERSION:
                raise InvalidInput(
                    f"Model parameters are for {body.get('spec_version')!r} format "
                    f"{body.get('format')!r}; this Foursight needs {SPEC_VERSION!r} format "
                    f"{PARAMS_FORMAT}. Retrain the model.",
                    field="params",
                )
            return cls(
                probability_two_random_records_match=float(
                    body["probability_two_random_records_match"]
                ),
                comparisons={
                    name: [LevelParams(lv["label"], lv["m"], lv["u"]) for lv in levels]
                    for name, levels in body["comparisons"].items()
                },
                spec_version=body["spec_version"],
                trained_on=body.get("trained_on", ""),
                n_mentions=int(body.get("n_mentions", 0)),
                notes=dict(body.get("notes", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"Model parameters are malformed: {exc}.", field="params") from exc

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> ModelParams:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def _levels(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    return [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]


def settings_dict(
    dialect: Dialect, params: ModelParams | None, *, explain: bool = False
) -> dict[str, Any]:
    """Build one backend's Splink settings from the spec, with ``params`` injected."""
    settings: dict[str, Any] = settings_creator(explain=explain).create_settings_dict(dialect)
    if params is None:
        return settings
    settings["probability_two_random_records_match"] = params.probability_two_random_records_match
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = _levels(comparison)
        trained = params.comparisons.get(name)
        if trained is None or [lv.label for lv in trained] != [
            lv.get("label_for_charts") for lv in levels
        ]:
            raise InvalidInput(
                f"Model parameters do not fit comparison {name!r} of {SPEC_VERSION}.",
                field="params",
            )
        for level, values in zip(levels, trained, strict=True):
            if values.m is not None:
                level["m_probability"] = values.m
            if values.u is not None:
                level["u_probability"] = values.u
    return settings


def export_params(linker: Any, *, trained_on: str, n_mentions: int) -> ModelParams:
    """Read the trained prior and m/u values out of a Splink linker."""
    model = linker.misc.save_model_to_json()
    return ModelParams(
        probability_two_random_records_match=float(model["probability_two_random_records_match"]),
        comparisons={
            comparison["output_column_name"]: [
                LevelParams(
                    str(lv.get("label_for_charts")),
                    lv.get("m_probability"),
                    lv.get("u_probability"),
                )
                for lv in _levels(comparison)
            ]
            for comparison in model["comparisons"]
        },
        trained_on=trained_on,
        n_mentions=n_mentions,
    )


def train(
    linker: Any, *, seed: int = 1, max_pairs: float = 5e6, em_max_pairs: float = 2e6
) -> dict[str, float]:
    """Estimate the model without labels: prior, u by random sampling, m by EM.

    EM runs twice, blocked on names and then on date of birth, so that every comparison
    is estimated in at least one session where it is not fixed by the blocking rule.
    Each EM session uses at most ``em_max_pairs`` blocked pairs (a deterministic hash
    sample), which keeps training time flat as the data grows. Returns seconds per step.
    """
    steps: dict[str, float] = {}
    start = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("phone")], recall=0.7
    )
    steps["prior"] = time.perf_counter() - start
    start = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    steps["u"] = time.perf_counter() - start
    for name, rule in (
        ("em_names", block_on("first_name", "surname")),
        ("em_dob", block_on("dob")),
    ):
        start = time.perf_counter()
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=em_max_pairs, estimate_without_term_frequencies=True
        )
        steps[name] = time.perf_counter() - start
    return steps
