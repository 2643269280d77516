"""The rules an onward referral meets, as plain functions: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from foursight.core.referrals import MakeReferral, check_referral
from foursight.errors import Forbidden, InvalidInput

TODAY = date(2026, 3, 12)
BASE = MakeReferral(
    kind="mental_health",
    victim_party_id=7,
    consent=True,
    consent_note="  Verbal consent at interview ",
    reason="Anxiety after the threats",
)
ADVOCATE = replace(BASE, kind="advocate", advocate="iva_jones", support_needs="Safety planning")


def _field(command: MakeReferral, *, by_stac: bool = False) -> str | None:
    with pytest.raises(InvalidInput) as caught:
        check_referral(command, today=TODAY, by_stac=by_stac)
    return caught.value.field


def test_a_valid_referral_is_trimmed_and_dated_today() -> None:
    cleaned = check_referral(BASE, today=TODAY, by_stac=False)
    assert cleaned.consent_note == "Verbal consent at interview"
    assert cleaned.referred_on == TODAY and cleaned.advocate is None


def test_an_advocate_referral_needs_consent() -> None:
    assert _field(replace(ADVOCATE, consent=False)) == "consent"
    assert check_referral(ADVOCATE, today=TODAY, by_stac=False).advocate == "iva_jones"


def test_an_advocate_referral_needs_the_support_and_not_the_stac() -> None:
    assert _field(replace(ADVOCATE, support_needs=" ")) == "support_needs"
    with pytest.raises(Forbidden):
        check_referral(ADVOCATE, today=TODAY, by_stac=True)


def test_only_an_advocate_referral_names_an_advocate() -> None:
    assert _field(replace(BASE, advocate="iva_jones")) == "advocate"
    assert _field(replace(BASE, support_needs="x")) == "support_needs"


def test_mappa_needs_category_and_level_and_nothing_else_has_them() -> None:
    mappa = replace(BASE, kind="mappa", mappa_category=1, mappa_level=2)
    assert check_referral(mappa, today=TODAY, by_stac=True).mappa_level == 2
    assert _field(replace(mappa, mappa_level=4)) == "mappa_level"
    assert _field(replace(mappa, mappa_category=None)) == "mappa_category"
    assert _field(replace(BASE, mappa_level=1)) == "mappa_level"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "police"}, "kind"),
        ({"consent_note": "  "}, "consent_note"),
        ({"reason": "why"}, "reason"),
        ({"referred_on": date(2026, 3, 13)}, "referred_on"),
    ],
)
def test_each_broken_rule_names_its_field(change: dict[str, object], field: str) -> None:
    assert _field(replace(BASE, **change)) == field  # type: ignore[arg-type]
