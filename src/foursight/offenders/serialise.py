"""Offenders, matches and rankings as plain dicts for one user: what the API and pages show.

Need-to-know is applied here once: protected persons appear as "Protected person";
victims are counted for everyone but named only to roles that see victims, on reports
the user may open.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from foursight.accounts.access import sees_victims
from foursight.accounts.models import User
from foursight.cases.access import visible_reports
from foursight.cases.models import Party, Report
from foursight.core import reference
from foursight.offenders.matching import candidates_for_parties, suspects
from foursight.offenders.models import HarmEntry, HarmRanking, IdentityLog, Mention, Offender
from foursight.people.access import can_see_person
from foursight.people.models import Person
from foursight.server.apps import app_module

PROTECTED = "Protected person"


def _bcu_code(report: Report) -> str:
    unit = report.unit
    bcu = unit if unit.kind == "bcu" else unit.parent
    return bcu.code if bcu else ""


def _mention_name(user: User, mention: Mention) -> str:
    if not can_see_person(user, mention.person):
        return PROTECTED
    return mention.person.display_name


def _mentions(offender: Offender) -> list[Mention]:
    return list(
        offender.mentions.select_related("report__unit__parent", "person").order_by(
            "report__reported_at", "mention_id"
        )
    )


def offender_item(user: User, offender: Offender) -> dict[str, Any]:
    """One line of the offender list."""
    mentions = _mentions(offender)
    names = Counter(_mention_name(user, m) for m in mentions)
    return {
        "id": offender.code,
        "name": names.most_common(1)[0][0] if names else "",
        "reports": offender.report_count,
        "mentions": offender.mention_count,
        "bcus": sorted({_bcu_code(m.report) for m in mentions} - {""}),
        "last_reported_at": mentions[-1].report.reported_at if mentions else None,
    }


def _victims(user: User, reports: list[Report]) -> dict[str, Any]:
    parties = list(
        Party.objects.filter(report__in=reports, role=Party.Role.VICTIM).select_related("person")
    )
    count = len({p.person_id for p in parties})
    if not sees_victims(user):
        return {"count": count, "names": None}
    open_ids = set(
        visible_reports(user).filter(pk__in=[r.pk for r in reports]).values_list("pk", flat=True)
    )
    names = sorted(
        {
            p.person.display_name if can_see_person(user, p.person) else PROTECTED
            for p in parties
            if p.report_id in open_ids
        }
    )
    return {"count": count, "names": names}


def _harm(offender: Offender) -> dict[str, Any] | None:
    entry = (
        HarmEntry.objects.filter(offender=offender, ranking__unit__isnull=True)
        .select_related("ranking")
        .order_by("-ranking__created_at", "-ranking_id")
        .first()
    )
    if entry is None:
        return None
    latest = HarmRanking.objects.filter(unit__isnull=True).first()
    return {
        **entry_out(entry),
        "ranking": ranking_out(entry.ranking),
        "current": latest is not None and latest.pk == entry.ranking_id,
    }


def _orders_and_wanted(persons: list[Person]) -> dict[str, Any]:
    """Open orders against the offender and wanted circulations, from the orders and
    operations apps when this system has them (read after the offender gatekeeper)."""
    out: dict[str, Any] = {
        "orders_available": False,
        "orders": [],
        "wanted_available": False,
        "wanted": [],
    }
    ids = {p.pk for p in persons}
    orders_access = app_module("orders", "access")
    if orders_access is not None:
        out["orders_available"] = True
        found: dict[int, dict[str, Any]] = {}
        for person in persons:
            for order in orders_access.open_orders_for(person):
                if order.subject_id in ids:
                    found[order.pk] = {
                        "id": order.pk,
                        "kind": order.get_kind_display(),
                        "made_on": order.made_on,
                        "expires_on": order.expires_on,
                        "court": order.court,
                    }
        out["orders"] = sorted(found.values(), key=lambda o: o["id"])
    operations = app_module("operations", "models")
    if operations is not None:
        out["wanted_available"] = True
        target = operations.Target
        out["wanted"] = [
            {
                "operation": t.operation.name,
                "circulation_reference": t.circulation_reference,
                "since": t.outcome_at,
            }
            for t in target.objects.filter(
                person_id__in=ids, status=target.Status.CIRCULATED
            ).select_related("operation")
        ]
    return out


def _intelligence(user: User | None, persons: list[Person]) -> dict[str, Any]:
    """Graded intelligence about the offender's persons, from the intake app when this
    system has it: for a user, the items they may see; without one, only the count (a note
    beside the harm score, never part of it)."""
    intake = app_module("intake", "access")
    if intake is None:
        return {"intelligence_available": False, "intelligence": [], "intelligence_count": 0}
    items = intake.graded_intelligence(persons)
    shown = intake.intelligence_for(user, items) if user is not None else []
    return {
        "intelligence_available": True,
        "intelligence_count": items.count(),
        "intelligence": [
            {
                "reference": i.reference,
                "received_at": i.received_at,
                "grading": i.grading,
                "sanitised": i.sanitised,
            }
            for i in shown
        ],
    }


def offender_out(user: User, offender: Offender) -> dict[str, Any]:
    """The offender page: identity, mentions, victims, BCUs, timeline, harm, identity log."""
    mentions = _mentions(offender)
    reports = list({m.report_id: m.report for m in mentions}.values())
    offence_names = reference.code_names(reference.offences())
    codes: dict[int, list[str]] = {}
    for report in Report.objects.filter(pk__in=[r.pk for r in reports]).prefetch_related(
        "offences"
    ):
        codes[report.pk] = sorted(o.code for o in report.offences.all())
    open_ids = set(
        visible_reports(user).filter(pk__in=[r.pk for r in reports]).values_list("pk", flat=True)
    )
    mention_rows = []
    for m in mentions:
        shown = can_see_person(user, m.person)
        mention_rows.append(
            {
                "mention_id": m.mention_id,
                "report_id": m.report_id,
                "reference": m.report.reference,
                "bcu": _bcu_code(m.report),
                "reported_at": m.report.reported_at,
                "can_open": m.report_id in open_ids,
                "name": _mention_name(user, m),
                "person_id": m.person_id if shown else None,
                "raw": m.raw if shown else {},
                "clean": m.clean if shown else {},
            }
        )
    timeline = [
        {
            "reported_at": r.reported_at,
            "report_id": r.pk,
            "reference": r.reference,
            "bcu": _bcu_code(r),
            "offences": [f"{offence_names.get(c, c)} ({c})" for c in codes.get(r.pk, [])],
        }
        for r in sorted(reports, key=lambda r: (r.reported_at, r.pk))
    ]
    log = IdentityLog.objects.filter(code=offender.code).select_related("run").order_by("run_id")
    return {
        "id": offender.code,
        "reports": offender.report_count,
        "mentions_count": offender.mention_count,
        "names": sorted({row["name"] for row in mention_rows}),
        "bcus": sorted({row["bcu"] for row in mention_rows} - {""}),
        "mentions": mention_rows,
        "victims": _victims(user, reports),
        "timeline": timeline,
        "harm": _harm(offender),
        "identity_log": [
            {"run": e.run_id, "at": e.run.finished_at, "kind": e.kind, "others": e.others}
            for e in log
        ],
        **_orders_and_wanted([m.person for m in mentions]),
        **_intelligence(user, [m.person for m in mentions]),
    }


def ranking_out(ranking: HarmRanking) -> dict[str, Any]:
    return {
        "id": ranking.pk,
        "scope": ranking.unit.code if ranking.unit else "force",
        "created_at": ranking.created_at,
        "index": {
            "id": ranking.index_id,
            "name": ranking.index_name,
            "version": ranking.index_version,
        },
        "as_of": ranking.as_of,
        "window_days": ranking.window_days,
        "top_n": ranking.top_n,
        "scored": ranking.scored,
        "link_run": ranking.link_run_id,
        "unverified_codes": ranking.unverified_codes,
        "unweighted_codes": ranking.unweighted_codes,
    }


def entry_out(entry: HarmEntry) -> dict[str, Any]:
    return {
        "rank": entry.rank,
        "offender": entry.offender.code,
        "score": entry.score,
        "crimes": entry.crimes,
        "victims": entry.victims,
        "gravity": entry.gravity,
        "frequency": entry.frequency,
        "victim_multiplier": entry.multiplier,
        "bcus": entry.bcus,
        "reports": sorted({b["reference"] for b in entry.breakdown}),
        "breakdown": entry.breakdown,
    }


def entry_with_status(entry: HarmEntry) -> dict[str, Any]:
    """A highest-harm entry with the offender's open orders and wanted status."""
    persons = [m.person for m in entry.offender.mentions.select_related("person")]
    status = _orders_and_wanted(persons)
    return {
        **entry_out(entry),
        "open_orders": len(status["orders"]) if status["orders_available"] else None,
        "wanted": bool(status["wanted"]) if status["wanted_available"] else None,
        "intelligence": _intelligence(None, persons)["intelligence_count"],
    }


def matches_out(user: User, report: Report) -> list[dict[str, Any]]:
    """Each suspect of the report, its identity and its possible matches on other reports."""
    out: list[dict[str, Any]] = []
    parties = suspects(report)
    if not parties:
        return out
    owns = {
        m.party_id: m for m in Mention.objects.filter(party__in=parties).select_related("offender")
    }
    found_by_party = candidates_for_parties(parties)
    found_ids = {c.mention_id for found in found_by_party.values() for c in found}
    rows = {
        m.mention_id: m
        for m in Mention.objects.filter(mention_id__in=found_ids).select_related(
            "report__unit__parent", "person"
        )
    }
    for party in parties:
        own = owns.get(party.pk)
        offender = own.offender if own and own.offender and own.offender.active else None
        found = found_by_party[party.pk]
        candidates = []
        for c in found:
            m = rows.get(c.mention_id)
            if m is None:
                continue
            candidates.append(
                {
                    "mention_id": c.mention_id,
                    "offender": c.person_id,
                    "match_probability": round(c.match_probability, 4),
                    "report_id": m.report_id,
                    "reference": m.report.reference,
                    "bcu": _bcu_code(m.report),
                    "reported_at": m.report.reported_at,
                    "name": _mention_name(user, m),
                    "evidence": [
                        {
                            "field": e.field,
                            "level": e.level,
                            "match_weight": round(e.match_weight, 2),
                        }
                        for e in c.evidence
                    ],
                }
            )
        out.append(
            {
                "party_id": party.pk,
                "name": party.person.display_name
                if can_see_person(user, party.person)
                else PROTECTED,
                "offender": offender.code if offender else None,
                "other_reports": max(offender.report_count - 1, 0) if offender else 0,
                "repeat": bool(offender and offender.report_count > 1),
                "candidates": candidates,
            }
        )
    return out
