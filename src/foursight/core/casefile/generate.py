"""The generated parts of a case file: every fact with the exhibit and event that prove it.

The input is plain data gathered by the service (see :func:`generate` for its keys); the
output is a plain dict in the structure of the MG5 case summary, followed by the key
evidence, the MG12 exhibit list, the MG6C and MG6D schedules and the continuity
paragraphs. A *fact* is ``{"text": str, "cites": [cite, ...]}``; a *cite* is
``{"exhibit": "AR/1", "sha256": ..., "event": event_id or "", "locator": ...}``.
Nothing here invents a fact: a part with no data says so plainly, and the completeness
check (:mod:`.completeness`) lists what is missing.
"""

from __future__ import annotations

from typing import Any

from foursight.core.casefile.schedules import continuity, exhibit_list, sensitive, unused, when

FORMAT = "foursight-casefile 1"

#: The officer's free-text parts, by key: (heading, what to write).
EDITABLE: dict[str, tuple[str, str]] = {
    "summary": (
        "Summary of the case",
        "An objective introduction: who the parties are and how the case came to police.",
    ),
    "victim_statement": (
        "Victim's statement",
        "The victim's MG11: when it was taken, by whom, and what it covers.",
    ),
    "effect_on_victim": (
        "Effect on the victim",
        "Fear of violence, alarm or distress, and changes to the victim's day-to-day life.",
    ),
    "identity": (
        "Identity of the suspect",
        "How the suspect is identified as the person behind each number and account.",
    ),
    "antecedents": (
        "Previous convictions, cautions and orders",
        "The PNC result: previous convictions and cautions, and orders not listed above.",
    ),
    "interview": (
        "Interview: the officer's note",
        "The suspect's account, where it is not recorded in the interview record.",
    ),
    "other_matters": (
        "Other matters for the prosecutor",
        "Anything else the prosecutor needs: special measures, bail, victim's wishes.",
    ),
}

OFFENCE_CODES = {"8Q": "stalking", "8L": "harassment"}

ELEMENTS_2A = (
    ("course", "A course of conduct: conduct on at least two occasions (PHA 1997 s.7(3))."),
    ("harassment", "The course of conduct amounts to harassment of the victim (s.1(1))."),
    (
        "stalking_acts",
        "Acts or omissions associated with stalking (s.2A(3)), such as contacting or attempting to contact the victim by any means.",
    ),
    (
        "knowledge",
        "The suspect knew or ought to have known the conduct amounted to harassment (s.1(2)).",
    ),
)
ELEMENT_4A = (
    "fear_or_distress",
    "For s.4A: the conduct caused the victim to fear, on at least two occasions, that "
    "violence would be used, or caused serious alarm or distress with a substantial adverse "
    "effect on the victim's usual day-to-day activities.",
)

FOUR_MARKERS = (
    ("fixated", "Fixated"),
    ("obsessive", "Obsessive"),
    ("unwanted", "Unwanted"),
    ("repeated", "Repeated"),
)


def cite_event(data: dict[str, Any], event_id: str) -> dict[str, str]:
    """The citation of one stored event: its exhibit, the exhibit's hash and its locator."""
    event = data.get("events", {}).get(event_id, {})
    return {
        "exhibit": str(event.get("exhibit", "")),
        "sha256": str(event.get("sha256", "")),
        "event": event_id,
        "locator": str(event.get("locator", "")),
    }


def cite_exhibit(data: dict[str, Any], reference: str) -> dict[str, str]:
    sha = next((x["sha256"] for x in data.get("exhibits", []) if x["reference"] == reference), "")
    return {"exhibit": reference, "sha256": sha, "event": "", "locator": ""}


def fact(text: str, cites: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"text": text, "cites": cites or []}


def _occasion_fact(data: dict[str, Any], occ: dict[str, Any], n: int) -> dict[str, Any]:
    span = (
        when(occ["start"])
        if not occ.get("end") or occ["end"] == occ["start"]
        else f"{when(occ['start'])} to {when(occ['end'])}"
    )
    behaviours = ", ".join(b.replace("_", " ") for b in occ.get("behaviours", [])) or "conduct"
    where = f" at {occ['location']}" if occ.get("location") else ""
    said = f": {occ['description']}" if occ.get("description") else ""
    cites = [cite_event(data, e) for e in occ.get("event_ids", [])[:3]]
    cites += [cite_exhibit(data, ref) for ref in occ.get("exhibits", [])]
    if not cites:
        source = occ.get("source", "").replace("_", " ") or "the report"
        cites = [{"exhibit": "", "sha256": "", "event": "", "locator": f"source: {source}"}]
    return fact(f"Occasion {n} ({span} UTC{where}): {behaviours}{said}.", cites)


def chronology(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each occasion of the course of conduct in time order, citing what proves it."""
    occasions = sorted(data.get("occasions", []), key=lambda o: (o["start"], o.get("id", 0)))
    return [_occasion_fact(data, occ, n) for n, occ in enumerate(occasions, start=1)]


def four(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The FOUR markers with the measured indicators and the events behind them."""
    result = (data.get("analysis") or {}).get("four") or {}
    rows = []
    for key, name in FOUR_MARKERS:
        part = result.get(key)
        if not part:
            rows.append(
                {"marker": name, "indicated": False, "facts": [fact("No phone evidence analysed.")]}
            )
            continue
        shown = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in part["indicators"].items() if v)
        cites = [cite_event(data, e) for e in part.get("event_ids", [])[:5]]
        text = f"{name}: {'indicated' if part['indicated'] else 'not indicated'}"
        text += f" ({shown})." if shown else "."
        rows.append(
            {"marker": name, "indicated": bool(part["indicated"]), "facts": [fact(text, cites)]}
        )
    return rows


def stops(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stop request or block, quoted, and the contact that followed it."""
    out = []
    for s in (data.get("analysis") or {}).get("stops", []):
        kind = "asked the suspect to stop" if s["kind"] == "stop_request" else "blocked"
        quote = f': "{s["message"] or s["text"]}"' if s["kind"] == "stop_request" else ""
        after = s["contacts_after"]
        by = "; ".join(
            f"{r['identifier']} by {r['channel']}: {r['events']}"
            for r in after.get("by_identifier_channel", [])
        )
        out.append(
            {
                "stop": fact(
                    f"{when(s['time'])} UTC: the victim {kind} ({s['identifier']}){quote}.",
                    [cite_event(data, s["event_id"])],
                ),
                "after": fact(
                    f"Contact after this, until the next stop: {after['until_next_stop']} "
                    f"(all contact after it: {after['events']}){'; ' + by if by else ''}.",
                    [cite_event(data, e) for e in after.get("event_ids", [])[:5]],
                ),
            }
        )
    return out


def threats(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every threat found by a rule, the whole message quoted (model prompts are not findings)."""
    seen: set[str] = set()
    out = []
    for t in (data.get("analysis") or {}).get("threats", []):
        if not t.get("rule") or t["event_id"] in seen:
            continue
        seen.add(t["event_id"])
        category = str(t.get("category", "")).replace("_", " ").lower()
        out.append(
            fact(
                f'{when(t["time"])} UTC from {t["identifier"]}: "{t["message"]}" ({category}; rule {t["rule"]}).',
                [cite_event(data, t["event_id"])],
            )
        )
    return out


def orders(data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for o in data.get("orders", []):
        until = o.get("expires_on") or "further order"
        conds = "; ".join(o.get("conditions", [])) or "no conditions recorded"
        out.append(
            fact(f"{o['kind']} made by {o['court']} on {o['made_on']}, until {until}: {conds}.")
        )
        for b in o.get("breaches", []):
            out.append(
                fact(
                    f"Breach ({b['status']}) on {when(b['occurred_at'])} UTC: {b['description'] or 'no description'}."
                )
            )
    return out


def interview(data: dict[str, Any]) -> list[dict[str, Any]]:
    accounts = data.get("interviews")
    if not accounts:
        return [fact("No interview recorded.")]
    return [
        fact(f"{when(a['at'])} UTC ({a['kind'].replace('_', ' ')}): {a['account']}")
        for a in accounts
    ]


def risk(data: dict[str, Any]) -> dict[str, Any]:
    r = data.get("risk")
    if not r:
        return fact("No risk assessment recorded.")
    score = f", score {r['score']}" if r.get("score") is not None else ""
    why = f" Rationale: {r['rationale']}" if r.get("rationale") else ""
    return fact(
        f"{r['instrument']} on {when(r['assessed_at'])} UTC by {r['assessor']}: risk {r['level'] or 'not graded'}{score}.{why}"
    )


def elements(
    data: dict[str, Any],
    chron: list[dict[str, Any]],
    threat_facts: list[dict[str, Any]],
    stop_rows: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The elements of the offence, each with the facts that go to it."""
    analysis = data.get("analysis") or {}
    unwanted = (analysis.get("four") or {}).get("unwanted", {})
    behaviours = sorted({b for o in data.get("occasions", []) for b in o.get("behaviours", [])})
    contact_after = [r["after"] for r in stop_rows if r["after"]["cites"]]
    threat_occasions = _threat_occasions(data)
    first_cites = [f["cites"][0] for f in chron if f["cites"] and f["cites"][0]["exhibit"]]
    course = fact(
        f"{len(chron)} occasion{'s' if len(chron) != 1 else ''} in the chronology below, "
        "each with the evidence that proves it.",
        first_cites,
    )
    facts = {
        "course": [course] if chron else [],
        "harassment": [r["stop"] for r in stop_rows] + contact_after,
        "stalking_acts": [
            fact(
                "Behaviours on the occasions: "
                + ", ".join(b.replace("_", " ") for b in behaviours)
                + ".",
                first_cites,
            )
        ]
        if behaviours
        else [],
        "knowledge": [r["stop"] for r in stop_rows if "asked" in r["stop"]["text"]],
        "fear_or_distress": threat_facts,
    }
    met = {
        "course": len(chron) >= 2,
        "harassment": bool(unwanted.get("indicated")) or bool(contact_after),
        "stalking_acts": bool(behaviours),
        "knowledge": bool(facts["knowledge"]),
        "fear_or_distress": threat_occasions >= 2,
    }
    return [
        {"id": key, "text": text, "facts": facts[key], "met": met[key]}
        for key, text in (*ELEMENTS_2A, ELEMENT_4A)
    ]


def _threat_occasions(data: dict[str, Any]) -> int:
    analysis = data.get("analysis") or {}
    ids = {t["event_id"] for t in analysis.get("threats", []) if t.get("rule")}
    return sum(1 for o in analysis.get("occasions", []) if ids & set(o.get("event_ids", [])))


def offence(data: dict[str, Any]) -> dict[str, str]:
    offences = data["report"].get("offences", [])
    chosen = next((o for o in offences if o["code"] == "8Q"), offences[0] if offences else None)
    if chosen is None:
        return {"title": "No offence recorded on the report", "statute": ""}
    return {"title": chosen["name"], "statute": chosen["statute"]}


def key_evidence(
    data: dict[str, Any], threat_facts: list[dict[str, Any]], stop_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The evidence a prosecutor reads first: the exhibits, the stops, the threats."""
    out = [
        fact(
            f"Exhibit {x['reference']}: {x.get('description') or x['file_name']}.",
            [cite_exhibit(data, x["reference"])],
        )
        for x in data.get("exhibits", [])
    ]
    out += [r["stop"] for r in stop_rows]
    out += threat_facts
    return out


def generate(data: dict[str, Any]) -> dict[str, Any]:
    """The generated case file for a report's plain data.

    ``data`` keys: ``report`` (reference, reported_at, unit, summary, offences [code,
    name, statute]); ``victims`` and ``suspects`` (name, date_of_birth, identifiers);
    ``occasions`` (id, start, end, behaviours, location, description, source, event_ids,
    exhibits); ``events`` (event id -> exhibit, sha256, locator); ``analysis`` (the stored
    conduct analysis or None); ``exhibits`` (reference, file_name, sha256, kind,
    description, produced_by, seized_at, seized_where, bytes, custody, edited); ``orders``;
    ``interviews`` (None when no interview app); ``risk``; ``attributions``; ``sensitive``.

    >>> doc = generate({"report": {"reference": "R1", "offences": []}})
    >>> doc["offence"]["title"], doc["interview"][0]["text"]
    ('No offence recorded on the report', 'No interview recorded.')
    """
    chron = chronology(data)
    threat_facts = threats(data)
    stop_rows = stops(data)
    cited = {
        c["exhibit"]: c["sha256"]
        for f in _all_facts(chron, threat_facts, stop_rows)
        for c in f["cites"]
        if c["exhibit"]
    }
    for x in data.get("exhibits", []):
        cited[x["reference"]] = x["sha256"]
    return {
        "format": FORMAT,
        "report": {k: data["report"].get(k, "") for k in ("reference", "reported_at", "unit")},
        "parties": {
            "victims": [v["name"] for v in data.get("victims", [])],
            "suspects": [
                {
                    "name": s["name"],
                    "date_of_birth": s.get("date_of_birth", ""),
                    "identifiers": s.get("identifiers", []),
                }
                for s in data.get("suspects", [])
            ],
        },
        "offence": {**offence(data), "elements": elements(data, chron, threat_facts, stop_rows)},
        "chronology": chron,
        "four": four(data),
        "stops": stop_rows,
        "threats": threat_facts,
        "orders": orders(data),
        "interview": interview(data),
        "interview_recorded": bool(data.get("interviews")),
        "risk": risk(data),
        "identifiers": identifiers(data),
        "key_evidence": key_evidence(data, threat_facts, stop_rows),
        "exhibits": exhibit_list(data),
        "unused": unused(data),
        "sensitive": sensitive(data),
        "continuity": continuity(data),
        "cited_exhibits": [{"reference": r, "sha256": s} for r, s in sorted(cited.items()) if s],
    }


def identifiers(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each identifier the conduct came from, and what attributes it to the suspect."""
    analysis = data.get("analysis") or {}
    used = sorted({i for o in analysis.get("occasions", []) for i in o.get("identifiers", [])})
    attributed = {a["identifier"]: a for a in data.get("attributions", [])}
    recorded = {i for s in data.get("suspects", []) for i in s.get("identifiers", [])}
    out = []
    for ident in used:
        if ident in attributed:
            a = attributed[ident]
            out.append(
                {"identifier": ident, "evidence": f"attributed to {a['person']}: {a['basis']}"}
            )
        elif ident in recorded:
            out.append({"identifier": ident, "evidence": "recorded on the suspect's person record"})
        else:
            out.append({"identifier": ident, "evidence": ""})
    return out


def _all_facts(
    chron: list[dict[str, Any]], threat_facts: list[dict[str, Any]], stop_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        *chron,
        *threat_facts,
        *(r["stop"] for r in stop_rows),
        *(r["after"] for r in stop_rows),
    ]
