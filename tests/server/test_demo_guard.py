"""`foursight demo` never runs in production: it adds accounts with a published password."""

from __future__ import annotations

from typing import Any

import pytest

from foursight.accounts.models import User
from foursight.cases.models import Report
from foursight.cli import main as cli_main
from tests.conftest import World


def test_demo_refuses_production(
    world: World, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    reports, users = Report.objects.count(), User.objects.count()
    settings.ENVIRONMENT = "production"
    for argv in (["demo"], ["demo", "--reset"]):
        assert cli_main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("foursight: demo refused: FOURSIGHT_ENV=production")
    assert (Report.objects.count(), User.objects.count()) == (reports, users) != (0, 0)
