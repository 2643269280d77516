"""A plain-text rendering of a conduct analysis, for the CLI without ``--json``.

It shows what the JSON holds, in the same order an officer would read it: files, scope,
the course-of-conduct count, counterparts, stops and the contact after them, new
identifiers, threat hits, escalation and FOUR, and ends with the not-a-finding note.
It adds no judgement of its own.

Example::

    >>> print(render_text({"events": 0, "course_of_conduct": False, "note": "n"}))
    Events: 0
    Occasions: 0 (course of conduct: fewer than two occasions)
    <BLANKLINE>
    n
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]


def _files(result: Mapping[str, Any]) -> list[str]:
    files = result.get("files")
    if not files:
        return []
    out = ["Files:"]
    rows = [(f["path"], f["format"], f["events"], len(f["problems"]), f["sha256"]) for f in files]
    out += [
        "  " + line for line in _table(("path", "format", "events", "problems", "sha256"), rows)
    ]
    return [*out, ""]


def _counterparts(result: Mapping[str, Any]) -> list[str]:
    rows = [
        (
            c["identifier"],
            "suspect" if c["in_scope"] else "candidate",
            c["inbound"],
            c["first"],
            c["last"],
            c["night"],
            c["withheld"],
            c["after_stop"],
            c["threat_events"],
        )
        for c in result.get("counterparts", [])
    ]
    if not rows:
        return []
    headers = (
        "identifier",
        "scope",
        "in",
        "first",
        "last",
        "night",
        "withheld",
        "after stop",
        "threats",
    )
    return ["Counterparts:", *("  " + line for line in _table(headers, rows)), ""]


def _stops(result: Mapping[str, Any]) -> list[str]:
    if "stops" not in result:
        return []
    stops = result["stops"]
    if not stops:
        return ["Stops: none found", ""]
    out = ["Stops (and in-scope contact after each):"]
    for s in stops:
        said = f' "{s["text"]}"' if s["text"] else ""
        tier = f" [{s['tier']} {s['score']}]" if s.get("tier") == "model" else ""
        out.append(
            f"  {s['time']}  {s['kind']}{tier} {s['identifier']} ({s['channel']}){said}: "
            f"{s['contacts_after']['events']} contacts after"
        )
        if s.get("message") and s["message"] != s["text"]:
            out.append(f"    message: {s['message']!r}")
        for row in s["contacts_after"]["by_identifier_channel"]:
            out.append(
                f"    {row['identifier']} {row['channel']}: {row['events']} "
                f"({row['first']} .. {row['last']})"
            )
    return [*out, ""]


def _new_ids(result: Mapping[str, Any]) -> list[str]:
    new = result.get("new_identifiers_after_block", [])
    if not new:
        return []
    out = ["New identifiers after a block or stop (candidates for attribution, not attributed):"]
    for n in new:
        shared = ", ".join(n["shared_words"]) or "none"
        out.append(
            f"  {n['identifier']} first seen {n['first_seen']}, {n['hours_since_stop']} h after "
            f"{n['after_stop']['kind']}; {n['events']} events; shared words: {shared}"
        )
    return [*out, ""]


def _threats(result: Mapping[str, Any]) -> list[str]:
    if "threats" not in result:
        return []
    threats = result["threats"]
    if not threats:
        return [
            "Threat hits: none (neither the rules nor the model flagged a message; both miss "
            "phrasing; read the messages)",
            "",
        ]
    out = ["Threat hits (rule: the words matched; model: a prompt to read the message):"]
    for t in threats:
        tier = t.get("tier", "rule")
        label = t["rule"] if tier == "rule" else "model"
        out.append(
            f"  {t['time']}  {t['identifier']}  {tier} {label}  {t['category']}  "
            f"score {t.get('score', 1.0)}  event {t['event_id']}"
        )
        if tier == "rule":
            out.append(f"    matched: {t['text']!r} at {t['span'][0]}-{t['span'][1]}")
        out.append(f"    message: {t.get('message', t['text'])!r}")
        if t.get("why"):
            out.append(f"    why: {t['why']}")
    aside = result.get("threats_set_aside") or []
    if aside:
        out.append("Rule hits set aside (the model reads these as everyday talk; check them):")
        for t in aside:
            out.append(
                f"  {t['time']}  {t['identifier']}  rule {t['rule']}  {t['category']}  "
                f"event {t['event_id']}: {t.get('message', t['text'])!r}"
            )
    return [*out, ""]


def _escalation(result: Mapping[str, Any]) -> list[str]:
    esc = result.get("escalation")
    if not esc or not esc["weeks"]:
        return []
    weeks = " ".join(f"{w['week']}:{w['events']}/{w['severity']}" for w in esc["weeks"])
    return [
        f"Escalation (week: contacts/severity): {weeks}",
        f"  volume slope {esc['volume_slope']} per week ({esc['volume_trend']}); "
        f"severity slope {esc['severity_slope']} per week ({esc['severity_trend']})",
        "",
    ]


def _four(result: Mapping[str, Any]) -> list[str]:
    four = result.get("four")
    if not four:
        return []
    out = ["FOUR (indicators measured; not a determination):"]
    for letter in ("fixated", "obsessive", "unwanted", "repeated"):
        block = four[letter]
        shown = ", ".join(f"{k} {v}" for k, v in block["indicators"].items())
        mark = "indicated" if block["indicated"] else "not indicated"
        out.append(f"  {letter}: {mark}; {shown}; {len(block['event_ids'])} events")
    return [*out, ""]


def render_text(result: Mapping[str, Any]) -> str:
    """Render the dict from :func:`analyse_conduct` or :func:`analyse_conduct_files`."""
    detail = result.get("course_of_conduct_detail", {})
    occasions = detail.get("occasions", 0)
    verdict = (
        "at least two occasions" if result.get("course_of_conduct") else "fewer than two occasions"
    )
    lines = [*_files(result), f"Events: {result.get('events', 0)}"]
    scope = result.get("scope")
    if scope:
        ids = ", ".join(scope["suspect_ids"]) or "all counterparts"
        lines.append(f"In scope: {ids} ({result['contacts_in_scope']} contacts)")
        lines += [f"  warning: {w}" for w in scope.get("warnings", [])]
    lines.append(f"Occasions: {occasions} (course of conduct: {verdict})")
    if detail.get("first"):
        lines.append(
            f"  first {detail['first']}, last {detail['last']}, "
            f"longest gap {detail['longest_gap_days']} days"
        )
    lines.append("")
    for part in (_counterparts, _stops, _new_ids, _threats, _escalation, _four):
        lines += part(result)
    lines.append(str(result.get("note", "")))
    return "\n".join(lines)
