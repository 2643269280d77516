"""A report's plain data for :func:`foursight.core.casefile.generate`.

Reads the report, its parties and occasions, the stored conduct analysis and the events
it cites, the exhibits with their custody logs, orders and breaches, the latest risk
assessment and the sensitive material for the MG6D. Apps built alongside (disclosure
copies, interview records) are read only when they are installed, so the case file works
without them.
"""

from __future__ import annotations

from typing import Any

from foursight.cases.models import Occasion, Party, Report
from foursight.core import reference
from foursight.evidence import analysis as conduct
from foursight.evidence.models import Attribution, Exhibit, ExhibitLink, StoredEvent
from foursight.evidence.store import custody_log
from foursight.orders.models import Order
from foursight.risk.models import Assessment, Referral
from foursight.server.apps import app_module


def _iso(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else ""


def _offences(report: Report) -> list[dict[str, str]]:
    known = {str(o["code"]): o for o in reference.load("offences")["offences"]}
    return [
        {
            "code": o.code,
            "name": str(known.get(o.code, {}).get("name", o.code)),
            "statute": str(known.get(o.code, {}).get("statute", "")),
        }
        for o in report.offences.order_by("code")
    ]


def _needed_events(result: dict[str, Any] | None) -> set[str]:
    if not result:
        return set()
    ids: set[str] = set()
    for occ in result.get("occasions", []):
        ids.update(occ.get("event_ids", [])[:3])
    for part in (result.get("four") or {}).values():
        ids.update(part.get("event_ids", [])[:5])
    for s in result.get("stops", []):
        ids.add(s["event_id"])
        ids.update(s["contacts_after"].get("event_ids", [])[:5])
    ids.update(t["event_id"] for t in result.get("threats", []))
    return ids


def _events(report: Report, ids: set[str]) -> dict[str, dict[str, str]]:
    rows = StoredEvent.objects.filter(report=report, event_id__in=sorted(ids)).values_list(
        "event_id", "exhibit__reference", "source_sha256", "locator"
    )
    return {e: {"exhibit": ref, "sha256": sha, "locator": loc} for e, ref, sha, loc in rows}


def _linked_occasions(report: Report) -> dict[int, list[str]]:
    """Exhibit references by the occasion they prove: linked to the occasion itself, or to
    a contact event within the occasion's span."""
    out: dict[int, set[str]] = {}
    links = ExhibitLink.objects.filter(exhibit__report=report).select_related("exhibit", "event")
    occasions = list(
        Occasion.objects.filter(report=report).values_list("pk", "started_at", "ended_at")
    )
    for link in links:
        if link.occasion_id is not None:
            out.setdefault(link.occasion_id, set()).add(link.exhibit.reference)
        elif link.event is not None:
            at = link.event.ts_utc
            for pk, start, end in occasions:
                if start <= at <= (end or start):
                    out.setdefault(pk, set()).add(link.exhibit.reference)
    return {pk: sorted(refs) for pk, refs in out.items()}


def _copy_rows(report: Report) -> list[dict[str, Any]]:
    """The report's redacted disclosure copies, when the disclosure app is installed."""
    module = app_module("disclosure", "queries")
    if module is None:
        return []
    return list(module.copies_for_report(report.pk))


def _copies(copy_rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Derived hashes of the redacted copies of each exhibit, by exhibit id."""
    out: dict[int, list[str]] = {}
    for row in copy_rows:
        if row.get("exhibit_id") is not None:
            out.setdefault(int(row["exhibit_id"]), []).append(str(row["derived_sha256"]))
    return out


def _other_copies(copy_rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Redacted copies of a text or schedule that is not an exhibit (also listed as edited)."""
    return [
        {
            "title": str(row.get("title") or "text"),
            "original_sha256": str(row.get("original_sha256", "")),
            "derived_sha256": str(row.get("derived_sha256", "")),
        }
        for row in copy_rows
        if row.get("exhibit_id") is None
    ]


def _interviews(report: Report) -> list[dict[str, str]] | None:
    module = app_module("prosecution", "queries")
    if module is None:
        return None
    return [
        {"at": str(a["at"]), "kind": str(a["kind"]), "account": str(a["account"])}
        for a in module.interview_accounts(report.pk)
    ]


def _exhibits(report: Report, copy_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    copies = _copies(copy_rows)
    rows = Exhibit.objects.filter(report=report).exclude(
        status__in=[Exhibit.Status.FAILED, Exhibit.Status.STORING]
    )
    return [
        {
            "reference": x.reference,
            "file_name": x.file_name,
            "sha256": x.original_id,
            "bytes": x.original.size,
            "kind": x.get_kind_display(),
            "description": x.description,
            "produced_by": x.produced_by,
            "seized_at": _iso(x.seized_at),
            "seized_where": x.seized_where,
            "custody": custody_log(report, x.reference),
            "edited": copies.get(x.pk, []),
        }
        for x in rows.select_related("original").order_by("id")
    ]


def _orders(report: Report, suspects: list[Party]) -> list[dict[str, Any]]:
    subjects = [p.person_id for p in suspects]
    orders = Order.objects.filter(report=report) | Order.objects.filter(subject_id__in=subjects)
    out = []
    for o in orders.distinct().order_by("made_on", "id").prefetch_related("conditions", "breaches"):
        out.append(
            {
                "kind": o.get_kind_display(),
                "court": o.court,
                "made_on": o.made_on.isoformat(),
                "expires_on": o.expires_on.isoformat() if o.expires_on else "",
                "conditions": [c.text or c.get_kind_display() for c in o.conditions.all()],
                "breaches": [
                    {
                        "occurred_at": _iso(b.occurred_at),
                        "status": b.status,
                        "description": b.description,
                    }
                    for b in o.breaches.order_by("occurred_at")
                    if b.status != "dismissed"
                ],
            }
        )
    return out


def _sensitive(report: Report, victims: list[Party]) -> list[dict[str, str]]:
    items = [
        {
            "item": f"{a.instrument.upper()} risk assessment of {a.assessed_at:%Y-%m-%d}",
            "reason": "victim's personal circumstances and risk information",
        }
        for a in Assessment.objects.filter(report=report).order_by("assessed_at")
    ]
    if report.stac_referred_at:
        items.append(
            {
                "item": f"STAC referral of {report.stac_referred_at:%Y-%m-%d}",
                "reason": "multi-agency risk management and health information",
            }
        )
    items += [
        {
            "item": f"Referral ({r.get_kind_display()}) of {r.referred_on:%Y-%m-%d}",
            "reason": "victim support and safeguarding information",
        }
        for r in Referral.objects.filter(report=report).order_by("referred_on")
    ]
    for party in victims:
        n = party.person.identifiers.count()
        if n:
            items.append(
                {
                    "item": f"Contact details of the victim {party.person} ({n} identifiers)",
                    "reason": "the victim's address and contact details",
                }
            )
    return items


def case_data(report: Report) -> dict[str, Any]:
    """Everything the generator needs, as plain values."""
    result = conduct.stored(report)
    parties = list(Party.objects.filter(report=report).select_related("person").order_by("id"))
    victims = [p for p in parties if p.role == Party.Role.VICTIM]
    suspects = [p for p in parties if p.role == Party.Role.SUSPECT]
    copy_rows = _copy_rows(report)  # one query, for the MG6C rows of exhibits and of texts
    exhibits = _exhibits(report, copy_rows)
    by_occasion = _linked_occasions(report)
    evidence_occ = {
        (o["start"], o["end"]): o.get("event_ids", []) for o in (result or {}).get("occasions", [])
    }
    occasions = []
    for o in Occasion.objects.filter(report=report).order_by("started_at", "id"):
        start, end = _iso(o.started_at), _iso(o.ended_at)
        occasions.append(
            {
                "id": o.pk,
                "start": start,
                "end": end,
                "behaviours": list(o.behaviours),
                "location": o.location,
                "description": o.description,
                "source": o.source,
                "event_ids": evidence_occ.get((start, end), []),
                "exhibits": by_occasion.get(o.pk, []),
            }
        )
    latest = Assessment.objects.filter(report=report).order_by("-assessed_at", "-id").first()
    return {
        "report": {
            "reference": report.reference,
            "reported_at": _iso(report.reported_at),
            "unit": report.unit.name,
            "summary": report.summary,
            "offences": _offences(report),
        },
        "victims": [{"name": str(p.person)} for p in victims],
        "suspects": [
            {
                "name": str(p.person),
                "date_of_birth": str(getattr(p.person, "date_of_birth", "") or ""),
                "identifiers": [i.normalised or i.raw for i in p.person.identifiers.all()],
            }
            for p in suspects
        ],
        "occasions": occasions,
        "events": _events(report, _needed_events(result)),
        "analysis": result,
        "exhibits": exhibits,
        "attributions": [
            {"identifier": a.identifier, "person": str(a.person), "basis": a.basis}
            for a in Attribution.objects.filter(report=report).select_related("person")
        ],
        "orders": _orders(report, suspects),
        "interviews": _interviews(report),
        "risk": None
        if latest is None
        else {
            "instrument": latest.instrument.upper(),
            "level": latest.level,
            "score": latest.score,
            "assessed_at": _iso(latest.assessed_at),
            "assessor": latest.assessor_name,
            "rationale": latest.rationale,
        },
        "sensitive": _sensitive(report, victims),
        "other_copies": _other_copies(copy_rows),
    }
