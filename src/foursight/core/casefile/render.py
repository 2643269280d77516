"""The case file as one self-contained HTML document (the PDF is rendered from it).

Every generated fact is printed with its citations (exhibit reference, event id and
locator), so a reader can go from any sentence to the exhibit that proves it; the
officer's free text is printed under its heading, marked as the officer's. The same
inputs give the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from foursight.core.casefile.generate import EDITABLE

CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.35; color: #0b0c0c; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 1px solid #505a5f; margin-top: 1.4em; }
h3 { font-size: 11pt; } table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #b1b4b6; padding: 3px 5px; text-align: left; vertical-align: top; }
code, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.cite { color: #505a5f; font-size: 8pt; } .officer { border-left: 3px solid #1d70b8; padding-left: 6px; }
.missing { color: #d4351c; } .present { color: #00703c; }
"""


def _cite(c: dict[str, str]) -> str:
    if not c.get("exhibit"):
        return escape(c.get("locator", ""))
    parts = [f"exhibit {c['exhibit']}"]
    if c.get("event"):
        parts.append(f"event {c['event']}")
    if c.get("locator"):
        parts.append(c["locator"])
    return escape(", ".join(parts))


def _fact(f: dict[str, Any]) -> str:
    cites = "; ".join(_cite(c) for c in f["cites"])
    tail = f' <span class="cite">[{cites}]</span>' if cites else ""
    return f"{escape(f['text'])}{tail}"


def _list(facts: list[dict[str, Any]], empty: str) -> str:
    if not facts:
        return f"<p>{escape(empty)}</p>"
    return "<ol>" + "".join(f"<li>{_fact(f)}</li>" for f in facts) + "</ol>"


def _officer(edits: dict[str, str], key: str) -> str:
    heading, _ = EDITABLE[key]
    text = (edits.get(key) or "").strip()
    body = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    body = body or "<p>Not written.</p>"
    return f'<h3>{escape(heading)}</h3><div class="officer">{body}</div>'


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(doc: dict[str, Any], edits: dict[str, str]) -> list[str]:
    o = doc["offence"]
    out = ["<h2>MG5 Case summary</h2>", _officer(edits, "summary")]
    out.append(f"<h3>The offence</h3><p>{escape(o['title'])}: {escape(o['statute'])}.</p>")
    for e in o["elements"]:
        state = "evidence listed" if e["met"] else "evidence not yet shown"
        out.append(
            f"<h4>{escape(e['text'])}</h4><p>({escape(state)})</p>"
            + _list(e["facts"], "No generated facts go to this element.")
        )
    out.append("<h3>Course of conduct, in time order</h3>")
    out.append(_list(doc["chronology"], "No occasions are recorded."))
    out.append("<h3>FOUR: fixated, obsessive, unwanted, repeated</h3>")
    out.append(_list([f for row in doc["four"] for f in row["facts"]], ""))
    out.append("<h3>The victim's requests to stop, and the contact after each</h3>")
    stops = [f for row in doc["stops"] for f in (row["stop"], row["after"])]
    out.append(_list(stops, "No requests to stop or blocks are found in the evidence."))
    out.append("<h3>Threats, quoted in full</h3>")
    out.append(_list(doc["threats"], "No threats are found by the rules."))
    out.append("<h3>Orders and breaches</h3>")
    out.append(_list(doc["orders"], "No protective orders are recorded."))
    out.append("<h3>The suspect's interview</h3>" + _list(doc["interview"], ""))
    out.append(_officer(edits, "interview"))
    out.append("<h3>Risk to the victim</h3>" + _list([doc["risk"]], ""))
    for key in ("victim_statement", "effect_on_victim", "identity", "antecedents", "other_matters"):
        out.append(_officer(edits, key))
    rows = [
        [escape(i["identifier"]), escape(i["evidence"] or "none recorded")]
        for i in doc["identifiers"]
    ]
    out.append("<h3>Identifiers and attribution</h3>")
    out.append(
        _table(["Identifier", "Evidence of identity"], rows, "No identifiers in the evidence.")
    )
    return out


def render_html(doc: dict[str, Any], edits: dict[str, str], meta: dict[str, Any]) -> str:
    """The whole file as HTML; ``meta`` holds version, issued_at, issued_by, approved_by."""
    r = doc["report"]
    title = f"Case file {r['reference']} version {meta.get('version', '')}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title>',
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<p>OFFICIAL-SENSITIVE. Prepared for a charging decision. Times are UTC.</p>",
        _table(
            ["Report", "Unit", "Issued", "Issued by", "Approved by"],
            [
                [
                    escape(str(r["reference"])),
                    escape(str(r["unit"])),
                    escape(str(meta.get("issued_at", ""))),
                    escape(str(meta.get("issued_by", ""))),
                    escape(str(meta.get("approved_by", ""))),
                ]
            ],
            "",
        ),
    ]
    parties = doc["parties"]
    suspects = [
        escape(f"{s['name']} (born {s['date_of_birth']})" if s["date_of_birth"] else s["name"])
        for s in parties["suspects"]
    ]
    out.append(
        f"<p>Victim: {escape(', '.join(parties['victims']) or 'none recorded')}. "
        f"Suspect: {', '.join(suspects) or 'none recorded'}.</p>"
    )
    out += _summary(doc, edits)
    out.append("<h2>Key evidence</h2>" + _list(doc["key_evidence"], "No key evidence."))
    rows = [
        [
            escape(x["reference"]),
            escape(x["description"]),
            escape(x["kind"]),
            escape(x["produced_by"]),
            escape(x["seized"]),
            f'<span class="hash">{escape(x["sha256"])}</span>',
        ]
        for x in doc["exhibits"]
    ]
    out.append("<h2>MG12 Exhibit list</h2>")
    out.append(
        _table(
            ["Ref", "Description", "Kind", "Produced by", "Seized", "SHA-256"], rows, "No exhibits."
        )
    )
    rows = [
        [
            str(n),
            escape(u["item"]),
            escape(u["reason"]),
            (
                "Edited"
                + (
                    f' <span class="hash">{escape(u["derived_sha256"])}</span>'
                    if u["derived_sha256"]
                    else ""
                )
            )
            if u["edited"]
            else "",
        ]
        for n, u in enumerate(doc["unused"], start=1)
    ]
    out.append("<h2>MG6C Schedule of non-sensitive unused material</h2>")
    out.append(_table(["No.", "Description", "Relevance", "Edited"], rows, "None."))
    rows = [
        [str(n), escape(s["item"]), escape(s["reason"])]
        for n, s in enumerate(doc["sensitive"], start=1)
    ]
    out.append("<h2>MG6D Schedule of sensitive unused material (not for disclosure)</h2>")
    out.append(_table(["No.", "Description", "Reason for sensitivity"], rows, "None."))
    out.append("<h2>Continuity of exhibits</h2>")
    for c in doc["continuity"]:
        out.append(f"<h3>Exhibit {escape(c['reference'])}</h3>")
        out += [f"<p>{escape(p)}</p>" for p in c["paragraphs"]]
    out.append("</body></html>")
    return "\n".join(out) + "\n"
