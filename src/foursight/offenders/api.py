"""API for offenders, report matches, the review queue, link runs, harm lists and the insight.

Routes sit at several top-level paths (/offenders, /reports/{id}/matches, /linkage/...,
/harm/..., /insights/repeat-offending), so the router mounts at the API root.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from foursight.accounts.models import User
from foursight.errors import NotFound
from foursight.offenders import access, actions, insight
from foursight.offenders import ranking_actions as ranking
from foursight.offenders.intervention_api import router as intervention_router
from foursight.offenders.models import Edge, LinkRun, Mention
from foursight.offenders.serialise import (
    PROTECTED,
    entry_with_status,
    matches_out,
    offender_item,
    offender_out,
    ranking_out,
)
from foursight.people.access import can_see_person
from foursight.server.api import actor, justification
from foursight.server.schemas import Page, PageParams, Strict

PREFIX = ""
router = Router(tags=["offenders"])


class PairDecisionIn(Strict):
    kind: Literal["must_link", "cannot_link"]
    reason: str = Field(min_length=5, max_length=2000)


class HarmRefreshIn(Strict):
    top: int | None = Field(None, ge=1, le=1000)
    window_days: int | None = Field(None, ge=1, le=3650)


class HarmQuery(Schema):
    bcu: str | None = Field(None, max_length=40, description="BCU code; empty for the force")
    limit: int = Field(100, ge=1, le=1000)


def mention_side(user: User, mention: Mention) -> dict[str, Any]:
    """One side of a review pair: the report it came from and the values compared."""
    shown = can_see_person(user, mention.person)
    unit = mention.report.unit
    bcu = unit if unit.kind == "bcu" else unit.parent
    return {
        "mention_id": mention.mention_id,
        "report_id": mention.report_id,
        "reference": mention.report.reference,
        "bcu": bcu.code if bcu else "",
        "reported_at": mention.report.reported_at,
        "name": mention.person.display_name if shown else PROTECTED,
        "raw": mention.raw if shown else {},
        "clean": mention.clean if shown else {},
    }


def pair_out(user: User, edge: Edge) -> dict[str, Any]:
    return {
        "id": edge.pk,
        "status": edge.status,
        "match_probability": round(edge.match_probability, 4),
        "same_person": edge.same_person,
        "weights": edge.weights,
        "left": mention_side(user, edge.left),
        "right": mention_side(user, edge.right),
    }


def run_out(run: LinkRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "backend": run.backend,
        "model": {
            "id": run.model_id,
            "source": run.model.source,
            "spec_version": run.model.spec_version,
            "trained_on": run.model.trained_on,
            "n_mentions": run.model.n_mentions,
        },
        "mentions": run.mentions,
        "offenders": run.offenders,
        "links": run.links,
        "review": run.review,
        "largest": run.largest,
        "thresholds": run.thresholds,
        "alerts": run.alerts,
        "unmet_decisions": run.unmet_decisions,
        "timings": run.timings,
    }


@router.get("/offenders", response=Page[dict[str, Any]])
def list_offenders(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Offenders the caller may see, most reports first."""
    user = actor(request)
    found = access.search_offenders(user, justification=justification(request))
    ordered = found.order_by("-report_count", "code")
    items = [offender_item(user, o) for o in ordered[page.offset : page.offset + page.limit]]
    return {"items": items, "count": found.count()}


@router.get("/offenders/{code}")
def get_offender(request: HttpRequest, code: str) -> dict[str, Any]:
    user = actor(request)
    offender = access.offender_for(user, code, justification=justification(request))
    return offender_out(user, offender)


@router.get("/reports/{report_id}/matches")
def report_matches(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """Each suspect's identity, repeat flag and possible matches on other reports."""
    user = actor(request)
    report = access.report_matches_for(user, report_id, justification=justification(request))
    return {"report_id": report.pk, "suspects": matches_out(user, report)}


@router.get("/linkage/review", response=Page[dict[str, Any]])
def review_queue(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    user = actor(request)
    queue = access.review_queue(user, justification=justification(request))
    items = [pair_out(user, e) for e in queue[page.offset : page.offset + page.limit]]
    return {"items": items, "count": queue.count()}


@router.get("/linkage/review/{edge_id}")
def review_pair(request: HttpRequest, edge_id: int) -> dict[str, Any]:
    user = actor(request)
    edge, _ = access.review_edge_for(user, edge_id, justification=justification(request))
    return pair_out(user, edge)


@router.post("/linkage/review/{edge_id}/decision", response={201: dict[str, Any]})
def decide(request: HttpRequest, edge_id: int, payload: PairDecisionIn) -> Status[dict[str, Any]]:
    """Same person (must_link) or not (cannot_link); audited, respected by later runs."""
    user = actor(request)
    decision = actions.decide(
        user, edge_id, payload.kind, payload.reason, justification=justification(request)
    )
    return Status(
        201,
        {
            "pair": edge_id,
            "mentions": [decision.mention_a.mention_id, decision.mention_b.mention_id],
            "kind": decision.kind,
            "reason": decision.reason,
            "decided_at": decision.decided_at,
        },
    )


@router.get("/linkage/runs/latest")
def latest_run(request: HttpRequest) -> dict[str, Any]:
    access.require_reviewer(actor(request), justification(request))
    run = LinkRun.objects.select_related("model").first()
    if run is None:
        raise NotFound("link run")
    return run_out(run)


@router.post("/linkage/runs", response={201: dict[str, Any]})
def start_run(request: HttpRequest) -> Status[dict[str, Any]]:
    """Link every mention now (DuckDB); larger forces schedule `foursight link run`."""
    user = actor(request)
    access.require_reviewer(user, justification(request))
    return Status(201, run_out(actions.link_run(user)))


@router.get("/harm/top")
def harm_top(request: HttpRequest, q: Query[HarmQuery]) -> dict[str, Any]:
    """The latest highest-harm list for the force or a BCU, with each offender's breakdown."""
    user = actor(request)
    unit = access.harm_scope_for(user, q.bcu, justification=justification(request))
    found = ranking.latest_ranking(unit)
    if found is None:
        raise NotFound("ranking")
    entries = found.entries.select_related("offender").order_by("rank")[: q.limit]
    return {"ranking": ranking_out(found), "items": [entry_with_status(e) for e in entries]}


@router.post("/harm/refresh", response={201: dict[str, Any]})
def harm_refresh(request: HttpRequest, payload: HarmRefreshIn) -> Status[dict[str, Any]]:
    user = actor(request)
    reason = access.require_reviewer(user, justification(request))
    made = ranking.refresh_harm(
        user, top_n=payload.top, window_days=payload.window_days, justification=reason
    )
    return Status(201, {"rankings": [ranking_out(r) for r in made]})


@router.get("/insights/repeat-offending")
def repeat_offending(request: HttpRequest) -> dict[str, Any]:
    """Share of offences by repeat offenders, by month and BCU; small numbers suppressed."""
    access.require_insight(actor(request))
    return insight.repeat_share()


# Perpetrator interventions (/persons/{id}/interventions, /interventions/{id}).
router.add_router("", intervention_router)
