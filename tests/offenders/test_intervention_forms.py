"""The intervention form on the person page: a refusal comes back on the person page with
what was typed; a date typed the UK way is taken; each change gives a banner."""

from __future__ import annotations

from foursight.offenders.intervention_models import Intervention
from tests.conftest import World


def test_refer_refused_then_made(world: World) -> None:
    person = world.persons["suspect_cn"]
    client = world.page("officer_cn")
    path = f"/persons/{person.pk}/interventions"
    bad = {"kind": "behaviour_change", "status": "offered", "on": "32/3/2026", "provider": "Drive"}
    refused = client.post(path, bad)
    body = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in body
    assert "Date of that status must be a real date: March 2026 has 31 days" in body
    assert 'href="#iv-on"' in body and 'value="Drive"' in body and 'value="32/3/2026"' in body
    assert not Intervention.objects.exists()
    done = client.post(path, {**bad, "on": "5/3/2026"})
    assert done.status_code == 302
    assert "Intervention recorded" in client.get(done["Location"]).content.decode()
    assert Intervention.objects.get().provider == "Drive"
