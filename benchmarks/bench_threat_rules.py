"""Threat and stop rule benchmark: precision and recall per rule, per category and overall.

Run from the repository root::

    .venv/bin/python benchmarks/bench_threat_rules.py            # markdown report
    .venv/bin/python benchmarks/bench_threat_rules.py --json     # the full report as JSON
    .venv/bin/python benchmarks/bench_threat_rules.py --events 5000 --repeats 1

It scores the bundled rule sets on ``tests/fixtures/conduct/threat_eval.csv`` for each
split (``dev``: lines the rules were tuned on; ``heldout``: lines written after the last
tuning and never tuned on; ``all``), then times rule matching over the evaluation lines
and one full :func:`~foursight.core.conduct.analyse_conduct` run over seeded synthetic
events (best of ``--repeats``), so throughput figures come with the accuracy figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from foursight.core.conduct import (
    analyse_conduct,
    evaluate_splits,
    read_eval_file,
    stop_rules,
    threat_rules,
)
from foursight.core.events import Channel, ContactEvent, Direction, EventKind, TsConfidence

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "conduct" / "threat_eval.csv"


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def _synthetic(n: int, seed: int = 7) -> list[ContactEvent]:
    """``n`` seeded SMS and call events from five numbers over 90 days, with some threats."""
    rng = random.Random(seed)
    lines = [line.text for line in read_eval_file(EVAL)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    numbers = [f"+4477009001{i:02d}" for i in range(5)]
    events = []
    for i in range(n):
        when = start + timedelta(seconds=rng.randrange(90 * 86400))
        outbound = rng.random() < 0.1
        call = rng.random() < 0.2
        events.append(
            ContactEvent(
                event_id=f"{i:032x}",
                source_file_sha256="0" * 64,
                source_locator=f"row {i}",
                channel=Channel.CALL if call else Channel.SMS,
                direction=Direction.OUT if outbound else Direction.IN,
                counterpart_raw=numbers[i % 5],
                counterpart=numbers[i % 5],
                author_label="",
                ts_raw="",
                ts_utc=when,
                tz_assumed="Europe/London",
                ts_confidence=TsConfidence.EXACT,
                # A serial makes every body distinct, so the per-run match cache cannot help.
                body="" if call else f"{rng.choice(lines)} #{i}",
                kind=EventKind.CALL_MISSED if call else EventKind.MESSAGE,
            )
        )
    return events


def _best(repeats: int, fn: Any) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def timings(events: int, repeats: int) -> dict[str, Any]:
    texts = [line.text for line in read_eval_file(EVAL)]
    threats, stops = threat_rules(), stop_rules()

    def match_all() -> None:
        for text in texts:
            threats.match(text)
            stops.match(text)

    match_s = _best(repeats, match_all)
    synthetic = _synthetic(events)
    analyse_s = _best(
        repeats, lambda: analyse_conduct(synthetic, suspect_ids=["+447700900100"]).to_json()
    )
    return {
        "eval_lines": len(texts),
        "match_seconds": round(match_s, 4),
        "lines_per_second": round(len(texts) / match_s),
        "analysis_events": events,
        "analysis_seconds": round(analyse_s, 3),
        "events_per_second": round(events / analyse_s),
    }


def _uname() -> str:
    try:
        out = subprocess.run(["uname", "-a"], capture_output=True, text=True)
    except OSError:
        return " ".join(platform.uname())
    return out.stdout.strip()


def machine() -> dict[str, Any]:
    return {
        "uname": _uname(),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "commit": _git_commit(),
    }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def markdown(report: dict[str, Any]) -> str:
    out = [
        f"Rule sets: threat {report['rule_sets']['threat']['version']}, "
        f"stop {report['rule_sets']['stop']['version']}",
        "",
    ]
    out += [
        "| split | lines | threat P | threat R | threat tp/fp/fn | stop P | stop R |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for split, res in report["splits"].items():
        t, s = res["threat"], res["stop"]
        out.append(
            f"| {split} | {t['lines']} | {_pct(t['precision'])} | {_pct(t['recall'])} | "
            f"{t['tp']}/{t['fp']}/{t['fn']} | {_pct(s['precision'])} | {_pct(s['recall'])} |"
        )
    for split in ("heldout", "all"):
        out += [
            "",
            f"Per category ({split}): recall",
            "",
            "| category | lines | found | recall |",
            "| --- | --- | --- | --- |",
        ]
        for cat, row in report["splits"][split]["per_category"].items():
            out.append(f"| {cat} | {row['lines']} | {row['found']} | {_pct(row['recall'])} |")
    out += [
        "",
        "Per rule: hits, precision (hit on a line expecting the rule's category), recall "
        "(share of lines expecting its category that it found; rules overlap), on all lines "
        "and on held-out lines",
        "",
        "| rule | category | hits | precision | recall | held-out hits | held-out P | held-out R |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    held_rules = report["splits"]["heldout"]["per_rule"]
    for rule_id, row in report["splits"]["all"]["per_rule"].items():
        held = held_rules[rule_id]
        out.append(
            f"| {rule_id} | {row['category']} | {row['hits']} | {_pct(row['precision'])} | "
            f"{_pct(row['recall'])} | {held['hits']} | {_pct(held['precision'])} | "
            f"{_pct(held['recall'])} |"
        )
    held_errors = report["splits"]["heldout"]["errors"]
    out += ["", f"Held-out errors ({len(held_errors)}):", ""]
    out += [
        f"- `{e['text']}` ({e['label']}; fired: {', '.join(e['fired']) or 'none'})"
        for e in held_errors
    ]
    t = report["timing"]
    out += [
        "",
        f"Matching: {t['eval_lines']} lines in {t['match_seconds']} s "
        f"({t['lines_per_second']} lines/s, both rule sets). Analysis: "
        f"{t['analysis_events']} synthetic events in {t['analysis_seconds']} s "
        f"({t['events_per_second']} events/s).",
        "",
    ]
    m = report["machine"]
    out += [
        f"Machine: `{m['uname']}`, nproc {m['nproc']}, Python {m['python']}, commit {m['commit']}."
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    parser.add_argument("--events", type=int, default=20_000, help="synthetic events to analyse")
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats (best is kept)")
    args = parser.parse_args(argv)
    splits = evaluate_splits(EVAL)
    report = {
        "rule_sets": splits["all"]["rule_sets"],
        "splits": {k: splits[k] for k in ("dev", "heldout", "all")},
        "timing": timings(args.events, args.repeats),
        "machine": machine(),
    }
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
