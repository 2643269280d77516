"""analyse_conduct_files: export files through the importers into one analysis."""

from __future__ import annotations

import hashlib
import json

import pytest

from foursight.core.conduct import ConductConfig, analyse_conduct_files, render_text
from foursight.errors import ImportRejected

NAMES = ["whatsapp-android-en_GB.txt", "calls-20240314093000.xml", "sms-20240314093000.xml"]


def _run(fixtures_dir, **extra):
    paths = [fixtures_dir / "evidence" / n for n in NAMES]
    return paths, analyse_conduct_files(
        paths,
        victim_ids=["+447700900001"],
        victim_names=["Alex R"],
        tz="Europe/London",
        locale="en_GB",
        **extra,
    ).to_json()


def test_files_rows_name_hash_format_and_counts(fixtures_dir):
    paths, out = _run(fixtures_dir, suspect_ids=["Sam K", "07911 123456"])
    assert [(f["path"], f["sha256"], f["format"]) for f in out["files"]] == [
        (str(p), hashlib.sha256(p.read_bytes()).hexdigest(), fmt)
        for p, fmt in zip(paths, ["whatsapp", "sms_backup", "sms_backup"], strict=True)
    ]
    assert sum(f["events"] for f in out["files"]) == out["events"]
    assert all(isinstance(f["problems"], list) for f in out["files"])


def test_fixture_case_stops_and_new_number(fixtures_dir):
    _, out = _run(fixtures_dir, suspect_ids=["Sam K", "07911 123456"])
    kinds = [(s["kind"], s["identifier"]) for s in out["stops"]]
    assert ("stop_request", "Sam K") in kinds
    assert ("block", "Sam K") in kinds
    assert ("call_blocked", "+447911123456") in kinds
    new = {n["identifier"] for n in out["new_identifiers_after_block"]}
    assert "+447700900456" in new
    assert out["course_of_conduct"] is True


def test_json_is_byte_identical_across_runs(fixtures_dir):
    _, first = _run(fixtures_dir)
    _, second = _run(fixtures_dir)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_unreadable_file_is_rejected_by_name(tmp_path):
    bad = tmp_path / "notes.bin"
    bad.write_bytes(b"\x00\x01 nothing Foursight can read")
    with pytest.raises(ImportRejected, match=r"notes\.bin"):
        analyse_conduct_files([bad], victim_ids=[], tz="Europe/London").to_json()


def test_text_rendering_shows_what_the_json_holds(fixtures_dir):
    _, out = _run(fixtures_dir, suspect_ids=["Sam K", "07911 123456"])
    text = render_text(out)
    assert "Occasions: 2 (course of conduct: at least two occasions)" in text
    assert "In scope: +447911123456, Sam K" in text
    assert "call_blocked +447911123456 (call)" in text
    assert "+447700900456 first seen 2024-03-13T02:11:31Z" in text
    assert text.endswith(out["note"])
    for f in out["files"]:
        assert f["sha256"] in text


def test_victim_name_may_be_given_as_an_id_and_config_zone_is_replaced(fixtures_dir):
    path = fixtures_dir / "evidence" / "whatsapp-android-en_GB.txt"
    out = analyse_conduct_files(
        [path],
        victim_ids=["+447700900001", "Alex R"],
        tz="Europe/Paris",
        locale="en_GB",
        config=ConductConfig(tz="Europe/London", burst_count=3),
    ).to_json()
    assert [(s["kind"], s["identifier"]) for s in out["stops"]] == [
        ("stop_request", "Sam K"),
        ("block", "Sam K"),
    ]
    assert out["analysis"]["config"]["tz"] == "Europe/Paris"
    assert out["analysis"]["config"]["burst"]["count"] == 3
