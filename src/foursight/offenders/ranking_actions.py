"""The highest-harm lists (V100-style): refresh and store, one action.

Each refresh scores every linked offender with the core's RFG-style scorer
(:func:`foursight.core.harm.score_offenders`) over the window ending now, once for the
force and once per BCU (on the crimes recorded in that BCU), and stores the top N of
each with the index (id, name, version) and window that produced it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from foursight.accounts.models import Unit, User
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Offence, Party, Report
from foursight.core import harm
from foursight.errors import InvalidInput
from foursight.offenders.models import HarmEntry, HarmRanking, LinkRun, Mention, Offender


def load_index(cchi: str | Path | None = None) -> harm.HarmIndex:
    """The shipped ONS CSS weights, or a force's CCHI table exported as CSV."""
    return harm.load_cchi_csv(cchi) if cchi else harm.ons_css()


def _bcu(report: Report) -> Unit | None:
    unit = report.unit
    return unit if unit.kind == Unit.Kind.BCU else unit.parent


def _crimes() -> tuple[list[harm.Crime], dict[str, Report], dict[str, set[str]]]:
    """Crimes per offender: one per offence code on each report their mentions are on."""
    mentions = Mention.objects.filter(offender__active=True).select_related(
        "offender", "report__unit__parent"
    )
    by_report: dict[int, set[str]] = defaultdict(set)
    reports: dict[int, Report] = {}
    for m in mentions:
        assert m.offender is not None
        by_report[m.report_id].add(m.offender.code)
        reports[m.report_id] = m.report
    linked = Q(report__mentions__offender__active=True)  # joins, not id lists: any size
    victims: dict[int, str] = {}
    for report_id, person_id in (
        Party.objects.filter(linked, role=Party.Role.VICTIM)
        .order_by("report_id", "pk")
        .values_list("report_id", "person_id")
    ):
        victims.setdefault(report_id, str(person_id))
    codes: dict[int, list[str]] = defaultdict(list)
    for report_id, code in (
        Offence.objects.filter(linked).values_list("report_id", "code").distinct()
    ):
        codes[report_id].append(code)
    for found in codes.values():
        found.sort()
    crimes, crime_report, bcus = [], {}, defaultdict(set)
    for report_id, offenders in by_report.items():
        report = reports[report_id]
        bcu = _bcu(report)
        for code in offenders:
            if bcu is not None:
                bcus[code].add(bcu.code)
            for offence in codes[report_id]:
                crime_id = f"{report.reference}/{offence}"
                crime_report[crime_id] = report
                crimes.append(
                    harm.Crime(code, crime_id, offence, report.reported_at, victims.get(report_id))
                )
    return crimes, crime_report, bcus


def _breakdown(score: harm.OffenderScore, reports: dict[str, Report]) -> list[dict[str, Any]]:
    out = []
    for part in score.contributions:
        report = reports[part.crime_id]
        row = asdict(part)
        row["occurred_at"] = part.occurred_at.isoformat()
        row.update({"report_id": report.pk, "reference": report.reference})
        out.append(row)
    return out


@dataclass(frozen=True)
class Stored:
    """How a ranking was made: by whom, for which unit, from which run and window."""

    actor: User | None
    unit: Unit | None
    run: LinkRun
    as_of: datetime
    window: int
    top: int
    config: harm.ScoringConfig


def _store(
    ranking: harm.Ranking,
    how: Stored,
    offenders: dict[str, Offender],
    reports: dict[str, Report],
    bcus: dict[str, set[str]],
) -> HarmRanking:
    """One stored ranking and its top entries, each with the crimes behind its score."""
    stored = HarmRanking.objects.create(
        created_at=datetime.now(UTC),
        actor=how.actor,
        unit=how.unit,
        link_run=how.run,
        index_id=ranking.index_id,
        index_name=ranking.index_name,
        index_version=ranking.index_version,
        as_of=how.as_of,
        window_days=how.window,
        top_n=how.top,
        config=dict(asdict(how.config).items()),
        unverified_codes=list(ranking.unverified_codes),
        unweighted_codes=list(ranking.unweighted_codes),
        scored=len(ranking.scores),
    )
    HarmEntry.objects.bulk_create(
        [
            HarmEntry(
                ranking=stored,
                rank=rank,
                offender=offenders[s.offender_id],
                score=round(s.score, 3),
                crimes=s.crimes,
                victims=s.victims,
                gravity=round(s.gravity_points, 3),
                frequency=round(s.frequency_points, 3),
                multiplier=s.victim_multiplier,
                bcus=sorted(bcus[s.offender_id]),
                breakdown=_breakdown(s, reports),
            )
            for rank, s in enumerate(ranking.top(how.top), start=1)
        ]
    )
    return stored


def refresh_harm(
    actor: User | None,
    *,
    index: harm.HarmIndex | None = None,
    top_n: int | None = None,
    window_days: int | None = None,
    as_of: datetime | None = None,
    justification: str = "",
) -> list[HarmRanking]:
    """Score every linked offender and store the force and per-BCU top-N lists.

    Needs a link run first. ``actor`` is None for a scheduled run. Returns the new
    rankings, the force's first.
    """
    top = settings.HARM_TOP_N if top_n is None else top_n
    window = settings.HARM_WINDOW_DAYS if window_days is None else window_days
    if top < 1:
        raise InvalidInput("top: keep at least one offender", field="top")
    if window < 1:
        raise InvalidInput("window_days: the window is at least one day", field="window_days")
    run = LinkRun.objects.first()
    if run is None:
        raise InvalidInput("No link run yet: run `foursight link run` first.", field="link_run")
    chosen = index or harm.ons_css()
    when = as_of or datetime.now(UTC)
    config = harm.ScoringConfig(window_days=window)
    crimes, reports, bcus = _crimes()
    offenders = {o.code: o for o in Offender.objects.filter(active=True)}
    scopes: list[tuple[Unit | None, list[harm.Crime]]] = [(None, crimes)]
    for bcu in Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"):
        scopes.append((bcu, [c for c in crimes if _bcu(reports[c.crime_id]) == bcu]))
    out = []
    with transaction.atomic():
        for unit, own in scopes:
            ranking = harm.score_offenders(own, chosen, as_of=when, config=config)
            out.append(
                _store(
                    ranking,
                    Stored(actor, unit, run, when, window, top, config),
                    offenders,
                    reports,
                    bcus,
                )
            )
        record(
            actor,
            Verb.RANKING_REFRESHED,
            "harm_ranking",
            out[0].pk,
            justification=justification.strip(),
            detail={
                "index": f"{chosen.id} {chosen.version}",
                "window_days": window,
                "top": top,
                "rankings": len(out),
            },
        )
    return out


def latest_ranking(unit: Unit | None) -> HarmRanking | None:
    """The most recent stored ranking for the force (``None``) or a BCU."""
    return HarmRanking.objects.filter(unit=unit).first()
