"""Conduct benchmark: the full ``foursight conduct --json`` command against a bare lxml loop.

Run from the repository root::

    .venv/bin/python benchmarks/bench_conduct.py                      # 200,000 SMS, 3 rounds
    .venv/bin/python benchmarks/bench_conduct.py --messages 20000 --repeats 1

It generates (seeded, so every run reads the same bytes) an SMS Backup & Restore file of a
victim's phone: 40 correspondents, both directions, everyday texting with repeats ("ok",
"on my way x"), free-form sentences drawn from a few hundred words with names, times and
numbers (so most bodies are distinct, as on a real phone), and about one line in thirty
taken from the labelled evaluation lines (threats, surveillance, stop requests and hard
negatives). Then, round after round (interleaved, so a change in the machine's load falls
on both alike), it runs:

- ``lxml``: an ``lxml.etree.iterparse`` loop in a child process that reads ``address``,
  ``date``, ``type`` and ``body`` of every record and clears it (the floor any
  lxml-based reader pays);
- ``conduct``: ``python -m foursight conduct FILE --victim-id ... --tz Europe/London
  --json`` in a child process, its output written to a file: parsing, both tiers of the
  analysis and the JSON, with interpreter start-up and imports.

It reports medians, the ratio of the command's wall time to the loop's time (the loop
timed from its first record, so the ratio is the conservative one) and each child's peak
resident memory (``ru_maxrss`` of the child, from ``wait4``); and, as the machine's load
makes wall time noisy, CPU time: the command's (user and system of every process it ran,
start-up included, from ``wait4``) against the loop's own (``process_time`` over the
loop), with the load average before and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "conduct" / "threat_eval.csv"
START_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z
VICTIM = "+447700900001"
STOCK = (
    "ok",
    "ok x",
    "yeah",
    "lol",
    "haha",
    "on my way",
    "on my way x",
    "thanks",
    "cheers mate",
    "see you soon",
    "love you x",
    "night x",
    "call me when you can",
    "where are you?",
    "running late sorry",
    "home now",
    "👍",
    "can't talk now",
    "what time?",
    "sounds good",
)
WORDS = """the a to and of in is it you that for on was with he she they we i me my your
be at have this are not but what all were when there can an your which their said if do will
each about how up out them then so some her would make like him into time has look two more
go see no way could people than first been call who its now find long down day did get come
made may part tea dinner pub shop work kids school bus train car house mum dad nan sister
brother mate tonight tomorrow later morning weekend friday saturday sunday monday meeting
football match film telly chips pizza curry bread milk parcel dentist doctor appointment
birthday party present cake gym walk dog park beach rain sunny cold warm tired busy free
lunch coffee chippy tesco asda sainsburys bank money rent bill phone charger keys garden
holiday flight hotel booked tickets gig concert pictures photos video message text late
early soon quick sorry thanks cheers please yeah nah maybe definitely proper well good
great nice lovely rubbish boring funny mad fine ace brilliant grand sound""".split()
NAMES = ("Sam", "Jo", "Becky", "Tom", "Priya", "Dan", "Aisha", "Kev", "Lou", "Mo")


def _eval_lines() -> list[str]:
    with open(EVAL, encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _body(rng: random.Random, labelled: list[str]) -> str:
    roll = rng.random()
    if roll < 0.033:
        return rng.choice(labelled)
    if roll < 0.2:
        return rng.choice(STOCK)
    words = [rng.choice(WORDS) for _ in range(rng.randrange(3, 24))]
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    if rng.random() < 0.3:
        words.append(f"at {rng.randrange(1, 12)}:{rng.choice(('00', '15', '30', '45'))}")
    if rng.random() < 0.2:
        words.append(f"£{rng.randrange(2, 300)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(("", "", ".", "?", " x", "!", " lol"))


def make_victim_sms(path: Path, messages: int, seed: int = 5) -> str:
    """Write the backup; return the suspect's number (one of the correspondents)."""
    rng = random.Random(seed)
    labelled = _eval_lines()
    numbers = [f"+4479{rng.randrange(10**8):08d}" for _ in range(40)]
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write(f'<smses count="{messages}" backup_set="bench" type="full">\n')
        for i in range(messages):
            number = numbers[min(int(rng.expovariate(0.15)), 39)]
            if rng.random() < 0.5:
                number = "0" + number[3:]
            date = START_MS + i * 60_000 + rng.randrange(30_000)
            out.write(
                f'  <sms protocol="0" address="{number}" date="{date}" type="{rng.choice("112")}"'
                f' subject="null" body={quoteattr(_body(rng, labelled))} toa="null"'
                f' sc_toa="null" service_center="null" read="1" status="-1" locked="0"'
                f' date_sent="{date - 2000}" sub_id="1" readable_date="-"'
                ' contact_name="(Unknown)" />\n'
            )
        out.write("</smses>\n")
    return numbers[0]


def lxml_worker(path: str) -> dict[str, Any]:
    """The bare loop, in this (child) process."""
    from lxml import etree

    started, cpu = time.perf_counter(), time.process_time()
    count = chars = 0
    for _, elem in etree.iterparse(path, events=("end",), tag="sms", huge_tree=True):
        get = elem.get
        address, date, kind, body = get("address"), get("date"), get("type"), get("body")
        count += 1
        chars += len(body or "") + (address is None) + (date is None) + (kind is None)
        elem.clear(keep_tail=False)
        while elem.getprevious() is not None:
            del elem.getparent()[0]
    return {
        "seconds": time.perf_counter() - started,
        "loop_cpu_s": time.process_time() - cpu,
        "records": count,
        "chars": chars,
    }


def _child(
    argv: list[str], stdout: Any, env: dict[str, str] | None = None
) -> tuple[float, float, int, float | None]:
    """Run ``argv``; its wall seconds, CPU seconds (user and system, with any process it
    forked and waited for), peak RSS (KiB) from ``wait4``, and the CPU seconds of the
    main process alone when it reports them (``main-cpu`` on its standard error)."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed: {err}")
    main_cpu = None
    for line in err.splitlines():
        if line.startswith("main-cpu "):
            main_cpu = float(line.split()[1])
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, main_cpu


# Runs ``python -m foursight ...`` and reports, as it exits, the CPU time of the main
# process alone (the second process's work, overlapping it, is left out): on a busy
# machine this says more about the command's own critical path than wall time does.
_MAIN_CPU = (
    "import atexit, resource, runpy, sys\n"
    "def _report():\n"
    "    u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    sys.stderr.write(f'main-cpu {u.ru_utime + u.ru_stime:.3f}\\n')\n"
    "atexit.register(_report)\n"
    "sys.argv = ['foursight', *sys.argv[1:]]\n"
    "runpy.run_module('foursight', run_name='__main__')\n"
)


def run_lxml(path: Path) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out:
        wall, cpu, rss, _ = _child([sys.executable, __file__, "--worker", str(path)], out)
        out.seek(0)
        result: dict[str, Any] = json.loads(out.read())
    return {**result, "wall_s": wall, "cpu_s": cpu, "peak_rss_mb": rss / 1024}


def run_conduct(
    path: Path, suspect: str, out_path: Path, src: Path | None = None
) -> dict[str, Any]:
    """The command from this checkout, or from the ``src`` directory of another (a
    baseline, run side by side with the same interpreter and file)."""
    argv = [sys.executable, "-c", _MAIN_CPU, "conduct", str(path), "--victim-id", VICTIM]
    argv += ["--suspect-id", suspect, "--tz", "Europe/London", "--json"]
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with open(out_path, "wb") as out:
        wall, cpu, rss, main_cpu = _child(argv, out, env)
    with open(out_path, encoding="utf-8") as handle:
        result = json.load(handle)
    tiers: dict[str, int] = {}
    for threat in result["threats"]:
        tiers[threat.get("tier", "rule")] = tiers.get(threat.get("tier", "rule"), 0) + 1
    return {
        "seconds": wall,
        "wall_s": wall,
        "cpu_s": cpu,
        "main_cpu_s": main_cpu,
        "peak_rss_mb": rss / 1024,
        "events": result["events"],
        "threat_hits": len(result["threats"]),
        "by_tier": tiers,
        "stops": len(result["stops"]),
    }


def _git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
    return done.stdout.decode().strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", metavar="PATH")
    parser.add_argument(
        "--baseline-src",
        metavar="DIR",
        help="also run the command from another checkout's src directory, interleaved",
    )
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(lxml_worker(args.worker)))
        return
    runs: dict[str, list[dict[str, Any]]] = {"lxml": [], "conduct": []}
    if args.baseline_src:
        runs["baseline"] = []
    load_before = list(os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="foursight-bench-") as tmp:
        sms = Path(tmp) / "sms-conduct.xml"
        suspect = make_victim_sms(sms, args.messages)
        for _ in range(args.repeats):
            runs["lxml"].append(run_lxml(sms))
            runs["conduct"].append(run_conduct(sms, suspect, Path(tmp) / "out.json"))
            if args.baseline_src:
                base = Path(args.baseline_src).resolve()
                runs["baseline"].append(run_conduct(sms, suspect, Path(tmp) / "base.json", base))
        size_mb = round(sms.stat().st_size / 2**20, 1)
    summary: dict[str, Any] = {
        name: {
            "median_s": round(statistics.median(r["seconds"] for r in done), 3),
            "median_wall_s": round(statistics.median(r["wall_s"] for r in done), 3),
            "runs_s": [round(r["seconds"], 3) for r in done],
            "median_cpu_s": round(statistics.median(r["cpu_s"] for r in done), 3),
            "median_main_cpu_s": (
                round(statistics.median(r["main_cpu_s"] for r in done), 3)
                if all(r.get("main_cpu_s") is not None for r in done)
                else None
            ),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in done), 1),
            **{
                k: v
                for k, v in done[0].items()
                if k
                not in {"seconds", "wall_s", "cpu_s", "main_cpu_s", "peak_rss_mb", "loop_cpu_s"}
            },
        }
        for name, done in runs.items()
    }
    summary["ratio_conduct_to_lxml"] = round(
        summary["conduct"]["median_s"] / summary["lxml"]["median_s"], 2
    )
    summary["lxml"]["median_loop_cpu_s"] = round(
        statistics.median(r["loop_cpu_s"] for r in runs["lxml"]), 3
    )
    # CPU: every process of the command (start-up included) against the loop's own CPU
    summary["ratio_conduct_cpu_to_lxml_loop_cpu"] = round(
        summary["conduct"]["median_cpu_s"] / summary["lxml"]["median_loop_cpu_s"], 2
    )
    if args.baseline_src:
        summary["ratio_baseline_to_lxml"] = round(
            summary["baseline"]["median_s"] / summary["lxml"]["median_s"], 2
        )
    # the main process's CPU alone: the critical path on a machine with a free second core
    if summary["conduct"]["median_main_cpu_s"] is not None:
        summary["ratio_conduct_main_cpu_to_lxml_loop_cpu"] = round(
            summary["conduct"]["median_main_cpu_s"] / summary["lxml"]["median_loop_cpu_s"], 2
        )
    summary["load_average_before"] = load_before
    summary["load_average_after"] = list(os.getloadavg())
    summary["messages"], summary["sms_file_mb"] = args.messages, size_mb
    summary["commit"] = _git_commit()
    summary["machine"] = {
        "uname": " ".join(platform.uname()),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
