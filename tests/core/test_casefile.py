"""The case-file engine on plain data: citations, completeness, rendering, the bundle."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from foursight.core.casefile import (
    build_bundle,
    completeness,
    generate,
    manifest_for,
    render_html,
    verify_bundle,
)

SHA = "a" * 64


def _data() -> dict[str, Any]:
    stop = {
        "event_id": "e3",
        "time": "2026-02-02T07:30:00Z",
        "kind": "stop_request",
        "identifier": "+447700900456",
        "channel": "sms",
        "rules": ["S1"],
        "text": "stop",
        "message": "Please stop contacting me.",
        "tier": "rule",
        "score": 1.0,
        "why": "",
        "contacts_after": {
            "events": 2,
            "until_next_stop": 2,
            "event_ids": ["e4", "e5"],
            "by_identifier_channel": [
                {"identifier": "+447700900456", "channel": "sms", "events": 2}
            ],
        },
    }
    threat = {
        "event_id": "e4",
        "time": "2026-02-03T23:58:00Z",
        "identifier": "+447700900456",
        "rule": "T-LOC-1",
        "category": "LOCATION_KNOWLEDGE",
        "severity": 2,
        "message": "I know where you live",
        "tier": "rule",
        "text": "know where you live",
    }
    return {
        "report": {
            "reference": "CN/1",
            "reported_at": "2026-03-01T10:00:00Z",
            "unit": "Camden",
            "offences": [{"code": "8Q", "name": "Stalking", "statute": "PHA 1997 s.2A / s.4A"}],
        },
        "victims": [{"name": "Alice WALKER"}],
        "suspects": [
            {"name": "Mark DENTON", "date_of_birth": "1985-06", "identifiers": ["+447700900456"]}
        ],
        "occasions": [
            {
                "id": 1,
                "start": "2026-02-01T19:05:00Z",
                "end": "2026-02-01T19:40:00Z",
                "behaviours": ["contacting"],
                "location": "",
                "description": "",
                "source": "evidence",
                "event_ids": ["e1", "e2"],
                "exhibits": [],
            },
            {
                "id": 2,
                "start": "2026-02-03T23:58:00Z",
                "end": "",
                "behaviours": ["contacting", "threats"],
                "location": "",
                "description": "",
                "source": "evidence",
                "event_ids": ["e4"],
                "exhibits": ["AR/2"],
            },
        ],
        "events": {
            e: {"exhibit": "AR/1", "sha256": SHA, "locator": f"sms[{i}]"}
            for i, e in enumerate(["e1", "e2", "e3", "e4", "e5"])
        },
        "analysis": {
            "occasions": [
                {"event_ids": ["e1", "e2"], "identifiers": ["+447700900456"]},
                {"event_ids": ["e4"], "identifiers": ["+447700900456"]},
            ],
            "stops": [stop],
            "threats": [threat],
            "four": {
                "unwanted": {
                    "indicated": True,
                    "indicators": {"stop_requests": 1},
                    "event_ids": ["e3"],
                }
            },
        },
        "exhibits": [
            {
                "reference": "AR/1",
                "file_name": "sms.xml",
                "sha256": SHA,
                "bytes": 10,
                "custody": [
                    {
                        "seq": 1,
                        "ts_utc": "2026-03-01T10:00:00Z",
                        "actor": "officer_cn",
                        "action": "ingest",
                        "input": {"name": "sms.xml", "sha256": SHA},
                        "tool": "foursight-evidence 1",
                        "basis": "PCSC22 s.37 agreement DPN-1",
                        "hash": "f" * 64,
                    }
                ],
                "edited": ["b" * 64],
            },
            {
                "reference": "AR/2",
                "file_name": "bwv.mp4",
                "sha256": "c" * 64,
                "bytes": 5,
                "kind": "Body-worn video",
                "description": "BWV of the doorstep",
                "custody": [],
                "edited": [],
            },
        ],
        "interviews": None,
        "sensitive": [{"item": "DASH risk assessment", "reason": "victim's circumstances"}],
    }


def test_each_occasion_cites_its_exhibit_and_event() -> None:
    doc = generate(_data())
    first, second = doc["chronology"]
    assert first["cites"][0] == {
        "exhibit": "AR/1",
        "sha256": SHA,
        "event": "e1",
        "locator": "sms[0]",
    }
    assert {c["exhibit"] for c in second["cites"]} == {"AR/1", "AR/2"}
    assert doc["threats"][0]["text"].count('"I know where you live"') == 1
    assert doc["stops"][0]["after"]["cites"][0]["event"] == "e4"
    assert doc["interview"][0]["text"] == "No interview recorded."
    assert [x["reference"] for x in doc["cited_exhibits"]] == ["AR/1", "AR/2"]
    elements = {e["id"]: e["met"] for e in doc["offence"]["elements"]}
    assert elements == {"course": True, "harassment": True, "stalking_acts": True,
                        "knowledge": True, "fear_or_distress": False}  # fmt: skip
    edited = [u for u in doc["unused"] if u["edited"]]
    assert edited and edited[0]["derived_sha256"] == "b" * 64
    assert "Basis: PCSC22 s.37" in doc["continuity"][0]["paragraphs"][0]


def test_completeness_lists_what_is_missing_then_present() -> None:
    doc = generate(_data())
    missing = {i["key"] for i in completeness(doc, {}) if not i["present"]}
    assert {"victim_statement", "effect_on_victim", "antecedents"} <= missing
    assert "occasions" not in missing and "identity:+447700900456" not in missing
    edits = {
        "victim_statement": "MG11 2 Mar",
        "effect_on_victim": "moved house",
        "antecedents": "none",
    }
    assert all(i["present"] for i in completeness(doc, edits))
    lone = {**_data(), "occasions": _data()["occasions"][:1]}
    assert not next(i for i in completeness(generate(lone), edits) if i["key"] == "occasions")[
        "present"
    ]


def test_html_escapes_and_is_repeatable() -> None:
    doc = generate(_data())
    edits = {"summary": "<script>alert(1)</script>"}
    html = render_html(doc, edits, {"version": 1})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html == render_html(doc, edits, {"version": 1})
    assert "MG6D" in html and SHA in html


def _bundle(tmp_path: Path) -> Path:
    parts = {"casefile.html": b"<html></html>", "casefile.pdf": b"%PDF-1.7"}
    manifest = manifest_for(case_file=1, report="CN/1", version=1, issued_at="x", issued_by="y",
                            parts=parts, exhibits=[{"reference": "AR/1", "sha256": SHA}])  # fmt: skip
    data = build_bundle(parts, manifest)
    assert data == build_bundle(parts, manifest)
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)
    return path


def test_verify_bundle_passes_then_names_the_first_mismatch(tmp_path: Path) -> None:
    path = _bundle(tmp_path)
    assert verify_bundle(path, lambda sha: sha).ok
    broken = verify_bundle(path, lambda sha: "d" * 64)
    assert not broken.ok and broken.message.startswith(f"exhibit AR/1 ({SHA})")
    missing = verify_bundle(path, lambda sha: None)
    assert "not in the store" in missing.message
    manifest = zipfile.ZipFile(path).read("manifest.json")
    recorded = verify_bundle(path, lambda sha: sha, lambda m: "e" * 64)
    assert not recorded.ok and hashlib.sha256(manifest).hexdigest() in recorded.message


def test_verify_bundle_names_a_changed_part(tmp_path: Path) -> None:
    path = _bundle(tmp_path)
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b" " if name == "casefile.pdf" else data)
    path.write_bytes(out.getvalue())
    result = verify_bundle(path, lambda sha: sha)
    assert not result.ok and result.message.startswith("part casefile.pdf")
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert not verify_bundle(tmp_path / "junk.zip", lambda sha: sha).ok


def test_examples_in_the_docstrings_hold() -> None:
    import doctest
    import importlib

    for name in ("completeness", "generate", "schedules"):
        module = importlib.import_module(f"foursight.core.casefile.{name}")
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
