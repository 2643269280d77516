"""Demo paths: suspects at every stage, so that the timelines and the funnel are full.

Made through :func:`foursight.prosecution.actions.record_step` as each report's BCU
officer, so the audit log, the outcomes, the orders and the risk reviews follow as in
real use. Deterministic: the same demo database gives the same paths. Steps are dated
from each report's date, compressed for recent reports so that none is in the future
(hearings and releases may be, as a court lists them ahead).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.errors import FoursightError
from foursight.prosecution.actions import RecordStep, record_step
from foursight.prosecution.models import Step

WHY = "Demo data: suspects' paths"
PER_BCU = 12
NO_CONTACT = {"kind": "no_contact", "text": "No contact with the victim by any means"}
EXCLUSION = {"kind": "exclusion_zone", "text": "Not to enter the victim's street"}
ARREST = ("arrest", 2, {"offences": ["8Q"], "where": "Home address", "by": "PC Demo"})
INTERVIEW = ("interview", 2, {"type": "custody", "legal_advice": True, "account": "No comment"})
CHARGE = ("charge", 30, {"offences": ["8Q"], "authorised_by": "cps"})
FIRST = ("hearing", 40, {"court": "Highbury Corner Magistrates' Court", "hearing_kind": "first"})
TRIAL = ("hearing", 300, {"court": "Wood Green Crown Court", "hearing_kind": "trial"})
GUILTY = ("verdict", 303, {"results": [{"offence": "8Q", "result": "guilty"}]})

#: (stage name, steps as (kind, days after the report, fields))
STAGES: tuple[tuple[str, tuple[tuple[str, int, dict[str, Any]], ...]], ...] = (
    ("arrested", (ARREST, INTERVIEW)),
    (
        "bailed",
        (
            ARREST,
            INTERVIEW,
            ("bail", 3, {"return_on": 33, "conditions": [NO_CONTACT, EXCLUSION]}),
        ),
    ),
    ("rui", (ARREST, INTERVIEW, ("rui", 3, {}))),
    ("nfa", (ARREST, INTERVIEW, ("nfa", 60, {"reason": "lack_of_evidence"}))),
    (
        "withdrawn",
        (
            ARREST,
            (
                "nfa",
                45,
                {"reason": "victim_withdrawal", "withdrawal_reason": "fear_of_reprisal"},
            ),
        ),
    ),
    (
        "charged",
        (ARREST, INTERVIEW, CHARGE, ("court_bail", 31, {"conditions": [NO_CONTACT]}), FIRST),
    ),
    (
        "convicted",
        (
            ARREST,
            CHARGE,
            FIRST,
            TRIAL,
            GUILTY,
            (
                "sentence",
                330,
                {
                    "disposal": "suspended_custody",
                    "months": 12,
                    "court": "Wood Green Crown Court",
                    "orders": [{"kind": "restraining_conviction", "ends_on": 330 + 5 * 365}],
                },
            ),
        ),
    ),
    (
        "released",
        (
            ARREST,
            CHARGE,
            ("remand", 31, {"court": "Highbury Corner Magistrates' Court"}),
            FIRST,
            ("verdict", 60, {"results": [{"offence": "8Q", "result": "guilty_plea"}]}),
            (
                "sentence",
                90,
                {"disposal": "immediate_custody", "months": 12, "expected_release_on": 270},
            ),
            ("release", 270, {}),
        ),
    ),
    (
        "acquitted",
        (
            ARREST,
            CHARGE,
            FIRST,
            TRIAL,
            (
                "verdict",
                303,
                {
                    "results": [{"offence": "8Q", "result": "not_guilty"}],
                    "court": "Wood Green Crown Court",
                    "orders": [{"kind": "restraining_acquittal", "ends_on": 303 + 2 * 365}],
                },
            ),
        ),
    ),
    ("cautioned", (ARREST, INTERVIEW, ("caution", 20, {}))),
)
DAY_FIELDS = ("return_on", "expected_release_on", "ends_on")


def _fields(
    kind: str, on: date, fields: dict[str, Any], start: date, scale: float
) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind}
    if kind in ("arrest", "interview"):
        out["at"] = datetime.combine(on, time(7 if kind == "arrest" else 11), UTC)
    else:
        out["on"] = on
    for key, value in fields.items():
        if key in DAY_FIELDS:
            value = start + timedelta(days=int(value * scale))
        elif key == "orders":
            value = [
                {**o, "ends_on": start + timedelta(days=int(o["ends_on"] * scale))} for o in value
            ]
        out[key] = value
    return out


def load() -> dict[str, int]:
    """Give suspects on demo reports paths at every stage, in each BCU with an officer."""
    officers = {u.home_bcu_id: u for u in User.objects.filter(username__startswith="officer.")}
    today = timezone.localdate()
    made: dict[str, int] = {}
    steps = 0
    for bcu_id, officer in sorted(officers.items(), key=lambda kv: kv[1].username):
        has_steps = Step.objects.filter(report=OuterRef("report_id"))
        has_victim = Party.objects.filter(report=OuterRef("report_id"), role=Party.Role.VICTIM)
        parties = (
            Party.objects.filter(role=Party.Role.SUSPECT)
            .filter(Q(report__unit__parent_id=bcu_id) | Q(report__unit_id=bcu_id))
            .filter(Exists(has_victim))
            .exclude(Exists(has_steps))
            .filter(report__reported_at__lte=timezone.now() - timedelta(days=30))
            .select_related("report")
            .order_by("report__reported_at", "id")
        )
        seen: set[int] = set()
        chosen: list[Party] = []
        for party in parties[: PER_BCU * 4]:
            if party.report_id not in seen:
                seen.add(party.report_id)
                chosen.append(party)
            if len(chosen) == PER_BCU:
                break
        for index, party in enumerate(chosen):
            name, plan = STAGES[index % len(STAGES)]
            steps += _walk(officer, party.report, party, plan, today)
            made[name] = made.get(name, 0) + 1
    return {"suspect_paths": sum(made.values()), "path_steps": steps, **made}


def _walk(officer: User, report: Report, party: Party, plan: Any, today: date) -> int:
    """Record one planned path, compressed to end by today; stops at the first refusal."""
    start = report.reported_at.date()
    last = max(days for kind, days, _fields in plan if kind != "release") or 1
    scale = min(1.0, max((today - start).days - 1, 1) / last)
    count = 0
    for kind, days, fields in plan:
        on = start + timedelta(days=max(int(days * scale), 1 if kind != "arrest" else 0))
        data = _fields(kind, on, fields, start, scale)
        try:
            record_step(officer, RecordStep(report.pk, party.pk, data, justification=WHY))
        except FoursightError:
            break
        count += 1
    return count
