"""analyse_conduct_files: export files through the importers into one analysis."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from foursight.core.conduct import ConductConfig, analyse_conduct_files, render_text
from foursight.core.conduct.rules import parse_rule_set
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


def _sms_backup(path, bodies):
    rows = "".join(
        f'<sms address="07700900{n % 3:03d}" date="{1709290800000 + n * 60000}" type="1" '
        f'body="{body}" contact_name="(Unknown)" />\n'
        for n, body in enumerate(bodies)
    )
    path.write_text(f'<smses count="{len(bodies)}">\n{rows}</smses>\n', encoding="utf-8")


def test_tiers_fed_while_parsing_in_a_second_process_give_the_same_analysis(tmp_path, monkeypatch):
    """On a large phone the texts go to a forked child in chunks while the file is still
    being parsed; the result is the same, byte for byte, as working in one process."""
    from foursight.core.conduct import parallel, tiers

    lines = [
        "Don't think that restraining order will save you",
        "I know where you live",
        "I'm outside the chippy, want anything?",
        "see you at 8 for tea",
    ]
    path = tmp_path / "sms-1.xml"
    _sms_backup(path, [f"{lines[n % 4]} {n}" for n in range(60)])
    here = analyse_conduct_files([path], victim_ids=["07700 900999"], suspect_ids=["07700900001"])
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 5)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(tiers, "CHUNK", 7)
    started = []
    real = parallel.ChildStream.__init__

    def spy(self, *args):
        started.append(True)
        real(self, *args)

    monkeypatch.setattr(parallel.ChildStream, "__init__", spy)
    forked = analyse_conduct_files([path], victim_ids=["07700 900999"], suspect_ids=["07700900001"])
    assert started  # the second process did run
    dump = lambda r: json.dumps(r.to_json(), sort_keys=True)  # noqa: E731
    assert dump(forked) == dump(here)
    assert any(t["tier"] == "model" for t in here.to_json()["threats"])
    assert any(t["tier"] == "rule" for t in here.to_json()["threats"])


def test_a_rejected_file_stops_the_second_process(tmp_path, monkeypatch):
    from foursight.core.conduct import parallel, tiers

    good = tmp_path / "sms-1.xml"
    _sms_backup(good, [f"I know where you live {n}" for n in range(30)])
    bad = tmp_path / "sms-2.xml"
    bad.write_text('<smses count="1">\n<sms address="1" date="x" type="1" body="a" />\n</smses>')
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 5)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(tiers, "CHUNK", 7)
    streams = []
    real = parallel.ChildStream.__init__

    def spy(self, *args):
        streams.append(self)
        real(self, *args)

    monkeypatch.setattr(parallel.ChildStream, "__init__", spy)
    with pytest.raises(ImportRejected, match=r"sms-2\.xml"):
        analyse_conduct_files([good, bad], victim_ids=["07700 900999"])
    assert len(streams) == 1
    with pytest.raises(ChildProcessError):  # already waited for: no child left behind
        os.waitpid(streams[0].pid, 0)


def test_the_prefilter_is_built_once_when_threads_ask_at_once():
    import threading

    from foursight.core.conduct.rules import threat_rules

    data = Path(__file__).resolve().parents[3] / "src/foursight/core/conduct/rules"
    rules = parse_rule_set((data / "threat_rules.json").read_bytes())
    texts = ["I know where you live", "see you at 8", "I'm outside your house"] * 20
    results: list[list] = []
    threads = [
        threading.Thread(target=lambda: results.append(rules.match_many(texts))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = threat_rules().match_many(texts)
    assert results == [expected] * 4
