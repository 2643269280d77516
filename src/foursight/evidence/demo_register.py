"""Demo exhibits of other kinds on the first demo Central North case: a body-worn video
placeholder clip and two photographs (small real files shipped in ``demo_exhibits/``),
registered and linked to the case's occasions through the same actions as the pages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from foursight.accounts.models import User
from foursight.cases.models import Report
from foursight.evidence import register_actions as register
from foursight.evidence.models import Exhibit
from foursight.evidence.receiving import receive_path

ASSETS = Path(__file__).resolve().parent / "demo_exhibits"

#: (file, reference, kind, description, where, which occasion: 0 first, -1 last)
EXHIBITS = (
    (
        "bwv-placeholder.mp4",
        "AR/1",
        "body_worn_video",
        "Body-worn video of PC Alex Reid attending the victim's address after the last "
        "contact (demo placeholder clip)",
        "The victim's home address",
        -1,
    ),
    (
        "photo-door.jpg",
        "AR/2",
        "photograph",
        "Photograph of scratches to the victim's front door",
        "The victim's home address",
        0,
    ),
    (
        "photo-car.png",
        "AR/3",
        "photograph",
        "Photograph of damaged paintwork on the victim's car",
        "Street outside the victim's home",
        1,
    ),
)


def load_register(officer: User, report: Report) -> dict[str, int]:
    """Register the demo files on ``report`` and link each to an occasion."""
    made = links = 0
    occasions = list(report.occasions.order_by("started_at", "id"))
    for name, reference, kind, description, where, which in EXHIBITS:
        if Exhibit.objects.filter(report=report, reference=reference).exists():
            continue
        occasion = (
            occasions[max(-len(occasions), min(which, len(occasions) - 1))] if occasions else None
        )
        seized = (occasion.started_at if occasion else report.reported_at) + timedelta(hours=2)
        cmd = register.register_command(
            report.pk,
            {
                "reference": reference,
                "kind": kind,
                "description": description,
                "produced_by": "PC Alex Reid",
                "seized_at": seized,
                "seized_where": where,
            },
            "Demo data",
        )
        exhibit = register.register_exhibit(officer, cmd, receive_path(ASSETS / name))
        made += 1
        if occasion is not None:
            link = register.link_command(
                exhibit.pk,
                {"occasion_id": occasion.pk, "note": description.split(" (")[0]},
                "Demo data",
            )
            register.link_exhibit(officer, link)
            links += 1
    return {"registered": made, "links": links}
