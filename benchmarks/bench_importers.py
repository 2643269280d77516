"""Importer benchmark: SMS Backup XML against a bare lxml loop, WhatsApp against whatstk.

Run from the repository root (``make bench`` installs whatstk first)::

    .venv/bin/python benchmarks/bench_importers.py                 # 1,000,000 SMS, 200,000 lines
    .venv/bin/python benchmarks/bench_importers.py --messages 100000 --lines 20000 --repeats 1

It generates the inputs (seeded, so every run parses the same bytes), then times each
parser in a fresh child process so peak RSS (``VmHWM``) belongs to that parser alone.
The SMS comparison is Foursight's full importer (hashing, surrogate repair, events with
normalised counterparts and ids) against an ``lxml.etree.iterparse`` loop that only
clears elements (the floor any lxml-based parser pays) and against the same loop also
copying each record's attributes into a dict (the floor for a parser that reads them). whatstk (GPL-3.0) is optional:
``pip install whatstk`` into the venv to include it; it is never a Foursight dependency.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

START_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z
WORDS = (
    "you",
    "can't",
    "ignore",
    "me",
    "forever",
    "pick",
    "up",
    "I",
    "know",
    "where",
    "are",
    "answer",
    "the",
    "phone",
    "please",
    "stop",
    "contacting",
    "ok",
    "see",
    "later",
)


def make_sms_xml(path: Path, messages: int, seed: int = 1) -> None:
    """A realistic SMS Backup & Restore file: 500 correspondents, mixed directions."""
    rng = random.Random(seed)
    numbers = [f"+4479{rng.randrange(10**8):08d}" for _ in range(500)]
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write(f'<smses count="{messages}" backup_set="bench" type="full">\n')
        for i in range(messages):
            number = numbers[rng.randrange(500)]
            if rng.random() < 0.5:
                number = "0" + number[3:]
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 20)))
            date = START_MS + i * 30_000
            out.write(
                f'  <sms protocol="0" address="{number}" date="{date}" type="{rng.choice("12")}"'
                f' subject="null" body={quoteattr(body)} toa="null" sc_toa="null"'
                f' service_center="null" read="1" status="-1" locked="0" date_sent="{date - 2000}"'
                f' sub_id="1" readable_date="-" contact_name="(Unknown)" />\n'
            )
        out.write("</smses>\n")


def make_whatsapp(path: Path, lines: int, seed: int = 2) -> None:
    """An Android en-GB export: multi-line messages, media, deletions and system lines."""
    rng = random.Random(seed)
    written = 0
    minute = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < lines:
            minute += rng.randrange(1, 5)
            day, rest = divmod(minute, 1440)
            stamp = f"{1 + day % 28:02d}/{1 + (day // 28) % 12:02d}/2024, {rest // 60:02d}:{rest % 60:02d}"
            roll = rng.random()
            if roll < 0.02:
                out.write(f"{stamp} - You blocked this contact. Tap to unblock.\n")
            elif roll < 0.04:
                out.write(f"{stamp} - Sam K changed their phone number to a new number.\n")
            elif roll < 0.06:
                out.write(f"{stamp} - Sam K: IMG-2024-WA{written:04d}.jpg (file attached)\n")
            elif roll < 0.08:
                out.write(f"{stamp} - Sam K: This message was deleted\n")
            else:
                who = "Sam K" if rng.random() < 0.8 else "Alex R"
                out.write(f"{stamp} - {who}: {' '.join(rng.choice(WORDS) for _ in range(8))}\n")
                if rng.random() < 0.1 and written + 2 < lines:
                    out.write("and another thing\n")
                    written += 1
            written += 1


def peak_rss_kb() -> int:
    """This process's peak resident set (``VmHWM``). ``ru_maxrss`` is not used: a child
    started with vfork inherits its parent's figure."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_worker(kind: str, path: str) -> dict[str, Any]:
    """Parse once in this (child) process; report the parse's seconds (after the parser's
    imports), the seconds including those imports (what a one-off command pays), records,
    lines and peak RSS."""
    began = time.perf_counter()
    count = lines = system = 0
    if kind == "sms-foursight":
        from foursight.core.importers import ImportContext, get_importer

        started = time.perf_counter()
        for _ in get_importer("sms_backup").parse(path, ImportContext()):
            count += 1
    elif kind == "sms-lxml":
        from lxml import etree

        started = time.perf_counter()
        for _, elem in etree.iterparse(path, events=("end",), tag="sms", huge_tree=True):
            count += 1
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    elif kind == "sms-lxml-fields":
        from lxml import etree

        started = time.perf_counter()
        for _, elem in etree.iterparse(path, events=("end",), tag="sms", huge_tree=True):
            count += len(dict(elem.attrib)) > 0
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    elif kind == "whatsapp-foursight":
        from foursight.core.importers import ImportContext, get_importer

        started = time.perf_counter()
        for event in get_importer("whatsapp").parse(path, ImportContext(locale="en_GB")):
            count += 1
            lines += event.body.count("\n") + 1
            system += event.kind.value in ("system", "block", "unblock")
    elif kind == "whatsapp-whatstk":
        from whatstk import df_from_whatsapp

        started = time.perf_counter()
        frame = df_from_whatsapp(path, hformat="%d/%m/%Y, %H:%M - %name:")
        count = len(frame)
        # whatstk leaves a trailing newline where it dropped a system line: not a kept line.
        lines = int(sum(str(m).rstrip("\n").count("\n") + 1 for m in frame["message"]))
    else:
        raise SystemExit(f"unknown worker {kind}")
    finished = time.perf_counter()
    rss_kb = peak_rss_kb()
    return {
        "seconds": finished - started,
        "seconds_with_imports": finished - began,
        "records": count,
        "lines": lines,
        "system_events": system,
        "peak_rss_mb": rss_kb / 1024,
    }


def run_once(kind: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(jobs: dict[str, Path], repeats: int) -> dict[str, dict[str, Any]]:
    """Run every parser once per round, round after round (interleaved, so a change in
    the machine's load falls on all of them alike), and summarise each."""
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in jobs}
    for _ in range(repeats):
        for kind, path in jobs.items():
            runs[kind].append(run_once(kind, path))
    return {
        kind: {
            "median_s": statistics.median(r["seconds"] for r in done),
            "runs_s": [round(r["seconds"], 3) for r in done],
            "median_with_imports_s": statistics.median(r["seconds_with_imports"] for r in done),
            "records": done[0]["records"],
            "lines": done[0]["lines"],
            "system_events": done[0]["system_events"],
            "peak_rss_mb": max(r["peak_rss_mb"] for r in done),
        }
        for kind, done in runs.items()
    }


def has_whatstk() -> bool:
    try:
        import whatstk  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_worker(*args.worker)))
        return
    with tempfile.TemporaryDirectory(prefix="foursight-bench-") as tmp:
        sms, chat = Path(tmp) / "sms-bench.xml", Path(tmp) / "WhatsApp Chat with Sam K.txt"
        make_sms_xml(sms, args.messages)
        make_whatsapp(chat, args.lines)
        jobs = {
            "sms-foursight": sms,
            "sms-lxml": sms,
            "sms-lxml-fields": sms,
            "whatsapp-foursight": chat,
        }
        if has_whatstk():
            jobs["whatsapp-whatstk"] = chat
        result: dict[str, Any] = {
            "sms_file_mb": round(sms.stat().st_size / 2**20, 1),
            **measure(jobs, args.repeats),
        }
    ours, floor = result["sms-foursight"]["median_s"], result["sms-lxml"]["median_s"]
    result["sms_speed_vs_lxml"] = round(floor / ours, 3)
    fields_floor = result["sms-lxml-fields"]["median_s"]
    result["sms_speed_vs_lxml_fields"] = round(fields_floor / ours, 3)
    if "whatsapp-whatstk" in result:
        peer, mine = result["whatsapp-whatstk"], result["whatsapp-foursight"]
        result["whatsapp_speed_vs_whatstk"] = round(peer["median_s"] / mine["median_s"], 3)
        result["whatsapp_speed_vs_whatstk_with_imports"] = round(
            peer["median_with_imports_s"] / mine["median_with_imports_s"], 3
        )
    result["messages"], result["whatsapp_lines"] = args.messages, args.lines
    result["machine"] = {"uname": " ".join(platform.uname()), "nproc": os.cpu_count()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
