"""Harm indices and the RFG-style scorer, with hand-computed expected numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from foursight.core.harm import (
    Crime,
    HarmIndex,
    OffenceWeight,
    ScoringConfig,
    load_cchi_csv,
    ons_css,
    score_offenders,
    top_offenders,
)
from foursight.core.reference import load
from foursight.errors import InvalidInput

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


def _ago(days: int) -> datetime:
    return AS_OF - timedelta(days=days)


INDEX = HarmIndex(
    "test",
    "Test index",
    "1",
    "days",
    {
        "8Q": OffenceWeight("8Q", "Stalking", 100.0, "V"),
        "8L": OffenceWeight("8L", "Harassment", 40.0, "R"),
        "105A": OffenceWeight("105A", "Common assault", 20.0, "V"),
    },
)


def test_shipped_ons_weights_cover_the_stalking_offences_and_say_they_are_unverified() -> None:
    index = ons_css()
    offence_codes = {o["code"] for o in load("offences")["offences"]} - {"BNMO"}
    assert offence_codes <= set(index.weights)
    assert index.weight("8q") == index.weights["8Q"]
    assert all(w.provenance in {"V", "R", "?"} for w in index.weights.values())
    assert set(index.unverified_codes) == set(index.weights)
    assert index.weights["BSPO"].provenance == "?"


def test_scores_are_exact_with_recency_frequency_gravity_and_victims() -> None:
    crimes = [
        Crime("A", "c1", "8Q", _ago(10), victim_id="v1"),
        Crime("A", "c2", "8L", _ago(100), victim_id="v2"),
        Crime("A", "c3", "105A", _ago(300), victim_id="v1"),
        Crime("A", "c4", "8Q", _ago(400), victim_id="v3"),
        Crime("B", "c5", "8Q", _ago(5), victim_id="v9"),
        Crime("B", "c6", "XX", _ago(6), victim_id="v9"),
        Crime("C", "c7", "8Q", _ago(1), proactive=True),
        Crime("C", "c8", "8L", AS_OF + timedelta(days=1)),
    ]
    ranking = score_offenders(crimes, INDEX, as_of=AS_OF)
    a, b = ranking.scores
    # A: 100*1.0 + 40*0.75 + 20*0.5 = 140 gravity; 3 crimes x 10 = 30; 2 victims -> x1.5.
    assert (a.offender_id, a.gravity_points, a.frequency_points) == ("A", 140.0, 30.0)
    assert (a.victims, a.victim_multiplier, a.score) == (2, 1.5, 255.0)
    assert [(p.crime_id, p.age_days, p.recency, p.points) for p in a.contributions] == [
        ("c3", 300, 0.5, 20.0),
        ("c2", 100, 0.75, 40.0),
        ("c1", 10, 1.0, 110.0),
    ]
    # B: 100 + 0 (unweighted code) gravity, 2 crimes, one victim.
    assert (b.offender_id, b.score, b.crimes) == ("B", 120.0, 2)
    assert [(p.crime_id, p.weighted) for p in b.contributions] == [("c6", False), ("c5", True)]
    assert ranking.unweighted_codes == ("XX",)
    assert ranking.unverified_codes == ("8L",)
    assert (ranking.index_id, ranking.index_version) == ("test", "1")


def test_configurable_window_weights_and_top_n() -> None:
    crimes = [Crime(f"O{i}", f"c{i}", "8L", _ago(i * 50)) for i in range(1, 9)]
    config = ScoringConfig(
        window_days=731,
        recency_bands=((365, 1.0), (731, 0.25)),
        gravity_weight=2.0,
        frequency_weight=0.0,
        victim_weight=0.0,
    )
    ranking = score_offenders(crimes, INDEX, as_of=AS_OF, config=config)
    assert [s.score for s in ranking.scores] == [80.0] * 7 + [20.0]
    assert [s.offender_id for s in top_offenders(ranking, 3)] == ["O1", "O2", "O3"]
    assert ranking.config.window_days == 731


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="timezone"):
        score_offenders([], INDEX, as_of=datetime(2026, 1, 1))


def test_cchi_csv_loads_and_drives_a_ranking(tmp_path: Path) -> None:
    path = tmp_path / "cchi.csv"
    path.write_text(
        'HO code,Offence description,Harm value (days)\n8Q,Stalking,"1,095"\n8L,Harassment,14\n',
        encoding="utf-8",
    )
    index = load_cchi_csv(path, version="2026-02")
    assert index.weights["8Q"] == OffenceWeight("8Q", "Stalking", 1095.0, "V")
    ranking = score_offenders([Crime("A", "c1", "8Q", _ago(1))], index, as_of=AS_OF)
    assert (ranking.index_id, ranking.index_version, ranking.unverified_codes) == (
        "cchi",
        "2026-02",
        (),
    )
    assert ranking.scores[0].score == 1105.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("code,offence\n8Q,Stalking\n", "line 1: no harm value column"),
        ("code,cchi\n8Q,12\n8L,lots\n", "line 3, column cchi: 'lots' is not a number"),
        ("code,cchi\n8Q,-1\n", "line 2, column cchi: harm cannot be negative"),
        ("code,cchi\n8Q,1\n8q,2\n", "line 3: offence code '8Q' repeats"),
        ("", "line 1: the file is empty"),
    ],
)
def test_bad_cchi_files_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "cchi.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        load_cchi_csv(path)
