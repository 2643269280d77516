"""Every suspect-path route against every role and unit, with the oracle written by hand.

A path is read by whoever may open the report and see its suspects; it is written by the
report's officers and supervisors, the offender unit and admin. Advocates (who see only
their victims) and analysts (aggregates only) get the same 404 as a missing path.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from foursight.cases.models import Party
from foursight.prosecution.models import Step
from tests.conftest import ROLES, World

JUSTIFY = "Prosecution file review"
READERS = {
    "cn": {"officer_cn", "supervisor_cn", "stac", "pou", "admin"},
    "ne": {"officer_ne", "pou", "admin"},
}
WRITERS = {"officer_cn", "officer_ne", "supervisor_cn", "pou", "admin"}


@pytest.mark.parametrize("who", sorted(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_path_routes(world: World, who: str, key: str) -> None:
    party = Party.objects.get(report=world.reports[key], role="suspect")
    base = f"/api/v1/reports/{party.report_id}/suspects/{party.pk}"
    client = world.api(who, JUSTIFY if who in ("pou", "admin") else None)
    read = client.get(f"{base}/path")
    body = {"kind": "rui", "on": "2026-03-05"}
    arrest = {"kind": "arrest", "at": "2026-03-04T07:00:00+00:00", "offences": ["8Q"]}
    wrote = client.post(f"{base}/steps", data=json.dumps(arrest), content_type="application/json")
    if who in READERS[key]:
        assert read.status_code == 200, read.content
        assert read.json()["steps"] == []
    else:
        assert read.status_code == 404, read.content
    if who in READERS[key] and who in WRITERS:
        assert wrote.status_code == 201, wrote.content
        again = client.post(f"{base}/steps", data=json.dumps(body), content_type="application/json")
        assert again.status_code == 201
        assert Step.objects.filter(party=party).count() == 2
    else:
        assert wrote.status_code in (403, 404), wrote.content
        assert not Step.objects.exists()


def test_a_victim_is_not_a_suspect(world: World) -> None:
    victim = Party.objects.get(report=world.reports["cn"], role="victim")
    base = f"/api/v1/reports/{victim.report_id}/suspects/{victim.pk}"
    assert world.api("officer_cn").get(f"{base}/path").status_code == 404


def _page(world: World, who: str) -> Client:
    client = world.page(who)
    session = client.session
    session["justification"] = {"reason": JUSTIFY, "until": timezone.now().timestamp() + 600}
    session.save()
    return client


@pytest.mark.parametrize("who", sorted(ROLES))
@pytest.mark.parametrize("key", ["cn", "ne"])
def test_path_page(world: World, who: str, key: str) -> None:
    party = Party.objects.get(report=world.reports[key], role="suspect")
    url = f"/reports/{party.report_id}/suspects/{party.pk}/path"
    client = _page(world, who)
    response = client.get(url)
    arrest = {"kind": "arrest", "at": "2026-03-04T07:00", "offences": ["8Q"]}
    posted = client.post(url, arrest)
    if who in READERS[key]:
        assert response.status_code == 200
        assert b"Path of" in response.content
        assert (b"Add step" in response.content) == (who in WRITERS)
    else:
        assert response.status_code == 404
    if who in READERS[key] and who in WRITERS:
        assert posted.status_code == 302
        assert Step.objects.filter(party=party, kind="arrest").count() == 1
    else:
        assert posted.status_code in (403, 404)
        assert not Step.objects.exists()
