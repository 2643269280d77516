"""API for the risk instruments: list the loaded definitions and score without storing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router

from foursight.core.instruments import get_instrument, load_instruments, score_request

PREFIX = "/instruments"
router = Router(tags=["instruments"])


@router.get("")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    """Every loaded instrument with its id, version and questions in order."""
    return [instrument.to_dict() for instrument in load_instruments().values()]


@router.get("/{instrument_id}")
def instrument(request: HttpRequest, instrument_id: str) -> dict[str, Any]:
    return get_instrument(instrument_id).to_dict()


@router.post("/{instrument_id}/score")
def score(
    request: HttpRequest, instrument_id: str, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    """Score answers by the instrument's published rule; nothing is stored.

    Body: ``{"answers": {"<question id>": "yes" | "no" | "dont_know"}, "judgement":
    {"level": ..., "rationale": ...}, "context": {...}}`` (judgement and context optional).
    """
    return score_request(instrument_id, payload).to_dict()
