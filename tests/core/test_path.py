"""The suspect's path rules on plain values: fields, order of steps, the outcome that follows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from foursight.core.path import parse_step
from foursight.core.path_rules import PriorStep, check_order, derive_outcome
from foursight.errors import InvalidInput

OFFENCES = {"8Q": "Stalking", "8L": "Harassment"}
ORDERS = {"restraining_conviction": "RO", "restraining_acquittal": "RO (acquittal)"}
REPORTED, TODAY = date(2026, 3, 1), date(2026, 12, 1)


def parse(**payload: Any) -> Any:
    return parse_step(
        payload,
        offences=OFFENCES,
        order_kinds=ORDERS,
        outcomes={"1": "Charge", "9": "CPS"},
        withdrawal_reasons={"fear": "Fear"},
    )


def prior(*steps: Any) -> list[PriorStep]:
    return [PriorStep(s.kind, s.on, s.data) for s in steps]


def refused(field: str, step: Any, before: list[PriorStep]) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_order(step, before, reported_on=REPORTED, today=TODAY)
    assert caught.value.field == field


ARREST = parse(kind="arrest", at="2026-03-05T07:00:00+00:00", offences=["8Q"])
CHARGE = parse(kind="charge", on="2026-03-06", offences=["8Q"], authorised_by="police")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "arrest", "at": "2026-03-05T07:00:00", "offences": ["8Q"]}, "at"),
        ({"kind": "arrest", "at": "2026-03-05T07:00:00+00:00", "offences": ["ZZ"]}, "offences"),
        ({"kind": "arrest", "at": "2026-03-05T07:00:00+00:00", "offences": []}, "offences"),
        ({"kind": "bail", "on": "2026-03-05", "return_on": "2026-03-01"}, "return_on"),
        (
            {
                "kind": "bail",
                "on": "2026-03-05",
                "return_on": "2026-04-01",
                "conditions": [{"kind": "x", "text": "y"}],
            },
            "conditions[0].kind",
        ),
        (
            {"kind": "charge", "on": "2026-03-06", "offences": ["8Q"], "authorised_by": "judge"},
            "authorised_by",
        ),
        ({"kind": "nfa", "on": "2026-03-06", "reason": "victim_withdrawal"}, "withdrawal_reason"),
        ({"kind": "sentence", "on": "2026-03-06", "disposal": "community_order"}, "months"),
        ({"kind": "sentence", "on": "2026-03-06", "disposal": "fine", "custody": True}, "custody"),
        ({"kind": "rui", "on": "2026-13-01"}, "on"),
        ({"kind": "flight"}, "kind"),
        ({"kind": "rui", "on": "2026-03-06", "offences": ["8Q"]}, "offences"),
    ],
)
def test_bad_fields_are_named(payload: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(**payload)
    assert caught.value.field == field


def test_order_of_steps() -> None:
    refused("at", parse(kind="arrest", at="2026-02-28T23:00:00+00:00", offences=["8Q"]), [])
    refused("at", parse(kind="arrest", at="2026-12-02T07:00:00+00:00", offences=["8Q"]), [])
    verdict = parse(
        kind="verdict", on="2026-05-01", results=[{"offence": "8Q", "result": "guilty"}]
    )
    refused("kind", verdict, prior(ARREST))
    refused("kind", parse(kind="bail", on="2026-03-05", return_on="2026-04-01"), [])
    check_order(verdict, prior(ARREST, CHARGE), reported_on=REPORTED, today=TODAY)
    other = parse(kind="verdict", on="2026-05-01", results=[{"offence": "8L", "result": "guilty"}])
    refused("results[0].offence", other, prior(ARREST, CHARGE))
    sentence = parse(kind="sentence", on="2026-06-01", disposal="immediate_custody", months=12)
    acquitted = parse(
        kind="verdict", on="2026-05-01", results=[{"offence": "8Q", "result": "not_guilty"}]
    )
    refused("kind", sentence, prior(ARREST, CHARGE, acquitted))
    check_order(sentence, prior(ARREST, CHARGE, verdict), reported_on=REPORTED, today=TODAY)
    release = parse(kind="release", on="2026-12-20")
    fine = parse(kind="sentence", on="2026-06-01", disposal="fine")
    refused("kind", release, prior(ARREST, CHARGE, verdict, fine))
    check_order(
        release, prior(ARREST, CHARGE, verdict, sentence), reported_on=REPORTED, today=TODAY
    )
    ro = parse(
        kind="verdict",
        on="2026-05-01",
        results=[{"offence": "8Q", "result": "guilty"}],
        orders=[{"kind": "restraining_acquittal"}],
    )
    refused("orders[0].kind", ro, prior(ARREST, CHARGE))
    hearing = parse(kind="hearing", on="2027-01-10", court="Highbury Corner")
    check_order(hearing, prior(CHARGE), reported_on=REPORTED, today=TODAY)


def test_outcome_follows_the_path() -> None:
    assert derive_outcome([], OFFENCES) is None
    assert derive_outcome(prior(ARREST, parse(kind="rui", on="2026-03-05")), OFFENCES) is None
    charged = derive_outcome(prior(ARREST, CHARGE), OFFENCES)
    assert charged is not None and (charged.code, charged.charge) == ("1", "Stalking")
    nfa = parse(kind="nfa", on="2026-04-01", reason="victim_withdrawal", withdrawal_reason="fear")
    withdrawn = derive_outcome(prior(ARREST, nfa), OFFENCES)
    assert withdrawn is not None and (withdrawn.code, withdrawn.withdrawal_reason) == ("16", "fear")
    lack = derive_outcome(
        prior(ARREST, parse(kind="nfa", on="2026-04-01", reason="lack_of_evidence")), OFFENCES
    )
    assert lack is not None and lack.code == "15"
    assert (
        derive_outcome(prior(ARREST, parse(kind="nfa", on="2026-04-01", reason="other")), OFFENCES)
        is None
    )
    youth = derive_outcome(prior(parse(kind="caution", on="2026-04-01", youth=True)), OFFENCES)
    assert youth is not None and youth.code == "2"
    cr = derive_outcome(prior(parse(kind="community_resolution", on="2026-04-01")), OFFENCES)
    assert cr is not None and cr.code == "8"
    explicit = parse(kind="outcome", on="2026-04-02", code="9", reason="CPS decision")
    overridden = derive_outcome(prior(ARREST, CHARGE, explicit), OFFENCES)
    assert overridden is not None and (overridden.code, overridden.notes) == ("9", "CPS decision")
