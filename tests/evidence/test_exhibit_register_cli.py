"""``foursight evidence register``: the same command and checks as the register page."""

from __future__ import annotations

from typing import Any

from foursight.cli import main
from foursight.evidence.demo_register import ASSETS
from foursight.evidence.models import CustodyEntry, Exhibit
from tests.conftest import World


def test_register_from_the_command_line(world: World, capsys: Any) -> None:
    report = world.reports["cn"]
    args = [
        "evidence",
        "register",
        str(ASSETS / "photo-door.jpg"),
        "--report",
        report.reference,
        "--reference",
        "AR/7",
        "--kind",
        "photograph",
        "--description",
        "Scratched front door",
        "--produced-by",
        "PC Alex Reid",
        "--seized-at",
        "2026-02-21T09:30",
        "--user",
        "officer_cn",
    ]
    assert main(args) == 0
    exhibit = Exhibit.objects.get(reference="AR/7")
    assert f"sha256 {exhibit.original_id}" in capsys.readouterr().out
    assert exhibit.kind == "photograph" and exhibit.produced_by == "PC Alex Reid"
    assert main(args) == 2
    assert "reference: AR/7 is already an exhibit" in capsys.readouterr().err
    wrong = [*args[:6], "AR/8", "--kind", "audio", *args[9:]]
    assert main(wrong) == 2
    assert "kind: the file is not of the declared kind audio" in capsys.readouterr().err
    assert main([*args[:-1], "officer_ne"]) == 2
    assert Exhibit.objects.count() == 1
    assert CustodyEntry.objects.filter(report=report).count() == 1
