"""The demo paths: one suspect at every stage, each path complete and valid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from foursight.cases import actions as case_actions
from foursight.core.person_commands import CreatePerson
from foursight.core.report_commands import CreateReport
from foursight.orders.models import Order
from foursight.people import actions as people_actions
from foursight.prosecution import demo_data
from foursight.prosecution.models import Step
from foursight.risk.models import ReassessmentRequest
from tests.conftest import World, make_user


def test_demo_paths_reach_every_stage(world: World) -> None:
    officer = make_user("officer.cn", "officer", "CN")
    start = timezone.now() - timedelta(days=500)
    for n in range(len(demo_data.STAGES)):
        victim = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": "V", "surname": f"V{n}"})
        )
        suspect = people_actions.create_person(
            officer, CreatePerson.from_dict({"first_names": "S", "surname": f"S{n}"})
        )
        case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": "CN-CAMDEN",
                    "reported_at": start + timedelta(days=n),
                    "channel": "online",
                    "offences": ["8Q"],
                    "victims": [{"person_id": victim.pk}],
                    "suspects": [{"person_id": suspect.pk}],
                }
            ),
        )
    counts = demo_data.load()
    # the world's own CN report comes first and gets the first stage again
    assert {name: counts[name] for name, _ in demo_data.STAGES} == {
        name: 2 if name == "arrested" else 1 for name, _ in demo_data.STAGES
    }
    planned = sum(counts[name] * len(plan) for name, plan in demo_data.STAGES)
    assert counts["path_steps"] == Step.objects.count() == planned
    assert set(Order.objects.values_list("kind", flat=True)) == {
        "restraining_conviction",
        "restraining_acquittal",
    }
    assert ReassessmentRequest.objects.filter(note__contains="Release from custody").count() == 1
    assert not Step.objects.filter(
        occurred_on__gt=datetime.now(UTC).date(), kind__in=["arrest", "charge", "verdict"]
    ).exists()
