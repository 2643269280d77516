"""The order of a suspect's steps, and the Home Office outcome that follows from a path.

:func:`check_order` refuses a step that cannot follow the steps already recorded (an
arrest before the report, a verdict with no charge, a verdict on an offence never
charged, a sentence with no guilty result, a release with no custody); the error names
the field. :func:`derive_outcome` reads every suspect's path on a report and gives the
outcome code it decides, or ``None`` where the path does not decide one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from foursight.core.path import ParsedStep
from foursight.core.path_kinds import CONVICTED
from foursight.errors import InvalidInput

# steps that may be dated ahead of today: a court lists hearings ahead, and a release
# from custody is known in advance (its risk review should come before it)
MAY_BE_AHEAD = frozenset({"hearing", "release"})
NEEDS_CHARGE = frozenset({"remand", "court_bail", "hearing", "plea", "verdict"})
NEEDS_ARREST = frozenset({"bail", "custody_decision"})
NFA_OUTCOMES = {
    "lack_of_evidence": "15",
    "victim_withdrawal": "16",
    "public_interest": "21",
    "time_limit": "17",
}


@dataclass(frozen=True)
class PriorStep:
    """A step already on the path, as the rules need it."""

    kind: str
    on: date
    data: dict[str, Any]


def _date_field(step: ParsedStep) -> str:
    return "at" if step.at is not None else "on"


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", field=field)


def charged_offences(prior: Iterable[PriorStep]) -> set[str]:
    out: set[str] = set()
    for step in prior:
        if step.kind == "charge":
            out.update(str(code) for code in step.data.get("offences", []))
    return out


def convicted(prior: Iterable[PriorStep]) -> bool:
    return any(
        r.get("result") in CONVICTED
        for s in prior
        if s.kind == "verdict"
        for r in s.data.get("results", [])
    )


def check_order(
    step: ParsedStep, prior: Sequence[PriorStep], *, reported_on: date, today: date
) -> None:
    """Refuse ``step`` if it cannot follow ``prior`` (this suspect's steps on the report)."""
    where = _date_field(step)
    if step.on < reported_on:
        raise _refuse(where, f"{step.on} is before the report was made ({reported_on})")
    if step.on > today and step.kind not in MAY_BE_AHEAD:
        raise _refuse(where, "in the future")
    kinds = {s.kind for s in prior}
    if step.kind in NEEDS_ARREST and "arrest" not in kinds:
        raise _refuse(
            "kind", f"a {step.kind.replace('_', ' ')} follows an arrest: record the arrest first"
        )
    if step.kind == "rui" and not kinds & {"arrest", "interview"}:
        raise _refuse("kind", "release under investigation follows an arrest or an interview")
    if step.kind in NEEDS_CHARGE:
        charges = [s for s in prior if s.kind == "charge"]
        if not charges:
            raise _refuse("kind", f"a {step.kind.replace('_', ' ')} needs a charge first")
        first = min(s.on for s in charges)
        if step.on < first:
            raise _refuse(where, f"before the charge ({first})")
    if step.kind in ("verdict", "plea"):
        charged = charged_offences(prior)
        key = "results" if step.kind == "verdict" else "pleas"
        for index, item in enumerate(step.data[key]):
            if item["offence"] not in charged:
                name = f"{key}[{index}].offence"
                raise _refuse(
                    name,
                    f"{item['offence']} was never charged (charged: {', '.join(sorted(charged))})",
                )
    if step.kind == "verdict":
        guilty = any(r["result"] in CONVICTED for r in step.data["results"])
        for index, order in enumerate(step.orders):
            if order.kind != "restraining_acquittal" or guilty:
                raise _refuse(
                    f"orders[{index}].kind",
                    "at a verdict only a restraining order on acquittal, and only when no "
                    "offence is proved; orders on conviction are made at sentence",
                )
    if step.kind == "sentence":
        if not convicted(prior):
            raise _refuse("kind", "a sentence needs a guilty verdict or plea first")
        last = max(s.on for s in prior if s.kind == "verdict")
        if step.on < last:
            raise _refuse("on", f"before the verdict ({last})")
        for index, order in enumerate(step.orders):
            if order.kind == "restraining_acquittal":
                raise _refuse(
                    f"orders[{index}].kind",
                    "a restraining order on acquittal follows a verdict of not guilty, not a sentence",
                )
    if step.kind == "release":
        held = [
            s
            for s in prior
            if s.kind == "remand" or (s.kind == "sentence" and s.data.get("custody"))
        ]
        if not held:
            raise _refuse("kind", "a release from custody needs a custodial sentence or a remand")
        since = max(s.on for s in held)
        if step.on < since:
            raise _refuse("on", f"before the custody began ({since})")


@dataclass(frozen=True)
class DerivedOutcome:
    """The report's outcome as its paths decide it."""

    code: str
    on: date
    charge: str = ""
    charged_on: date | None = None
    first_hearing: date | None = None
    trial_date: date | None = None
    withdrawal_reason: str = ""
    notes: str = ""


def derive_outcome(
    steps: Sequence[PriorStep], offence_names: dict[str, str]
) -> DerivedOutcome | None:
    """The outcome of a report from every suspect's steps, or ``None`` if they decide none.

    An officer's explicit ``outcome`` step wins (the latest); else a charge gives ``1``;
    else the latest caution (``3``, ``2`` for a youth), community resolution (``8``) or
    no further action whose reason maps to a code (lack of evidence ``15``, victim
    withdrawal ``16``, public interest ``21``, time limit ``17``). Court dates come from
    the hearings whatever decided the code.
    """
    ordered = sorted(steps, key=lambda s: s.on)
    hearings = [s for s in ordered if s.kind == "hearing"]
    first = next((s.on for s in hearings if s.data.get("kind") == "first"), None)
    trial = next((s.on for s in hearings if s.data.get("kind") == "trial"), None)
    charges = [s for s in ordered if s.kind == "charge"]
    charge_text = "; ".join(
        dict.fromkeys(
            offence_names.get(str(c), str(c)) for s in charges for c in s.data.get("offences", [])
        )
    )
    charged_on = charges[0].on if charges else None
    common = DerivedOutcome(
        "", date.min, charge_text, charged_on, first_hearing=first, trial_date=trial
    )
    explicit = [s for s in ordered if s.kind == "outcome"]
    if explicit:
        last = explicit[-1]
        return replace(
            common,
            code=str(last.data["code"]),
            on=last.on,
            withdrawal_reason=str(last.data.get("withdrawal_reason") or ""),
            notes=str(last.data.get("reason") or ""),
        )
    if charges:
        return replace(
            common, code="1", on=charges[0].on, notes="Charged (from the suspect's path)"
        )
    decisive = [s for s in ordered if s.kind in ("caution", "community_resolution", "nfa")]
    for step in reversed(decisive):
        if step.kind == "caution":
            code = "2" if step.data.get("youth") else "3"
        elif step.kind == "community_resolution":
            code = "8"
        else:
            mapped = NFA_OUTCOMES.get(str(step.data.get("reason")))
            if mapped is None:
                return None
            code = mapped
        return replace(
            common,
            code=code,
            on=step.on,
            withdrawal_reason=str(step.data.get("withdrawal_reason") or ""),
            notes=f"{step.kind.replace('_', ' ')} (from the suspect's path)",
        )
    return None
