"""The CLI: link run, link dedupe on a file with no database, harm refresh."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.csv as pacsv
import pytest

from foursight.cli import main
from foursight.core.linkage import clean_mentions, generate_mentions
from foursight.offenders.models import HarmRanking, LinkRun, Offender
from tests.offenders.conftest import Linked


def test_link_run_then_harm_refresh_with_a_force_cchi_table(
    linked: Linked, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "run"]) == 0
    out = capsys.readouterr().out
    run = LinkRun.objects.get()
    assert out.startswith(f"link run {run.pk}: 7 mentions, 5 offenders")
    assert Offender.objects.filter(active=True).count() == 5
    cchi = tmp_path / "cchi.csv"
    cchi.write_text('HO code,Offence,CCHI days\n8Q,Stalking,"1,825"\n8R,Malicious,30\n')
    assert main(["harm", "refresh", "--top", "2", "--cchi", str(cchi)]) == 0
    assert "index cchi cchi.csv, window 365 days" in capsys.readouterr().out
    force = HarmRanking.objects.get(unit__isnull=True)
    assert force.index_id == "cchi" and force.top_n == 2 and force.entries.count() == 2
    assert force.entries.get(rank=1).score == pytest.approx((3 * (1825 + 30) + 6 * 10) * 2.0)


def test_harm_refresh_before_any_link_run_fails_in_one_line(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["harm", "refresh"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "foursight link run" in err
    assert not HarmRanking.objects.exists()


def test_link_dedupe_works_on_a_file_without_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "mentions.csv", tmp_path / "persons.csv"
    raw = generate_mentions(600, seed=5)
    iso = clean_mentions(raw).column("dob")  # the file format takes YYYY-MM-DD or empty
    pacsv.write_csv(raw.set_column(raw.schema.get_field_index("dob"), "dob", iso), source)
    assert main(["link", "dedupe", "--input", str(source), "--output", str(target)]) == 0
    assert "600 mentions" in capsys.readouterr().out
    with target.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 600
    assert set(rows[0]) == {"mention_id", "person_id", "match_probability_max"}
    assert len({r["person_id"] for r in rows}) < 600


def test_link_dedupe_names_a_bad_column_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("id,first_name\n1,Ann\n")
    target = tmp_path / "out.csv"
    assert main(["link", "dedupe", "--input", str(source), "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert "mention_id" in err and err.count("\n") == 1
    assert not target.exists()
