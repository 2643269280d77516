"""The risk and STAC forms come back on their page when refused, explained and with what was
typed kept; a change done says so in a banner."""

from __future__ import annotations

from foursight.risk.models import Plan, Referral
from tests.conftest import World
from tests.forms_support import banner as _banner
from tests.forms_support import refused as _refused
from tests.risk.risk_support import pair


def test_stac_referral_refused_then_made(world: World) -> None:
    report = world.reports["ne"]
    client = world.page("officer_ne")
    body = _refused(
        client.post(f"/reports/{report.pk}/risk/stac-referral", {"reason": "Bad"}),
        "Why refer this case to the STAC: say why the case is referred",
        'href="#s-reason"',
        ">Bad</textarea>",
        "govuk-textarea--error",
    )
    assert "reason:" not in body
    report.refresh_from_db()
    assert report.stac_referred_at is None
    done = client.post(f"/reports/{report.pk}/risk/stac-referral", {"reason": "Escalating fast"})
    _banner(client, done, "Case referred to the STAC")


def test_referral_with_a_date_typed_the_uk_way(world: World) -> None:
    report = world.reports["cn"]
    victim, _ = pair(report)
    client = world.page("stac")
    base = {
        "kind": "marac",
        "victim_party_id": victim,
        "consent": "yes",
        "consent_note": "Verbal",
        "reason": "High risk on DASH",
        "referred_on": "31/02/2026",
    }
    _refused(
        client.post(f"/reports/{report.pk}/risk/referrals", base),
        "Referral date must be a real date: February 2026 has 28 days",
        'value="31/02/2026"',
        'value="Verbal"',
        'value="yes" checked',
    )
    assert not Referral.objects.exists()
    done = client.post(f"/reports/{report.pk}/risk/referrals", {**base, "referred_on": "2/2/2026"})
    _banner(client, done, "Referral to MARAC made")
    assert Referral.objects.get().referred_on.isoformat() == "2026-02-02"


def test_plan_review_date_typed_the_uk_way(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("stac")
    _refused(
        client.post(
            f"/reports/{report.pk}/stac/plan", {"review_on": "next week", "summary": "Watch"}
        ),
        "Plan review date must be a date as day/month/year",
        'value="next week"',
        ">Watch</textarea>",
    )
    done = client.post(f"/reports/{report.pk}/stac/plan", {"review_on": "1/12/2099", "summary": ""})
    _banner(client, done, "Management plan saved")
    assert Plan.objects.get().review_on.isoformat() == "2099-12-01"
