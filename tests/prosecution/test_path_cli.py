"""The path commands go through the same gatekeeper and action as the API."""

from __future__ import annotations

import json
from typing import Any

from foursight.cases.models import Party
from foursight.cli import main
from foursight.prosecution.models import Step
from tests.conftest import World


def test_add_and_show(world: World, capsys: Any) -> None:
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    ids = [str(party.report_id), str(party.pk)]
    arrest = {"kind": "arrest", "at": "2026-03-04T07:00:00+00:00", "offences": ["8Q"]}
    assert main(["path", "add", *ids, json.dumps(arrest), "--as", "officer_cn"]) == 0
    assert "Arrest on 2026-03-04" in capsys.readouterr().out
    early = {"kind": "rui", "on": "2026-02-01"}
    assert main(["path", "add", *ids, json.dumps(early), "--as", "officer_cn"]) != 0
    assert "on: 2026-02-01 is before the report" in capsys.readouterr().err
    assert Step.objects.count() == 1
    assert main(["path", "show", *ids, "--as", "officer_cn"]) == 0
    assert "Arrest" in capsys.readouterr().out
    assert main(["path", "show", *ids, "--as", "officer_ne"]) != 0
    assert "no such report" in capsys.readouterr().err.lower()
