"""Demo intake: an online report and anonymous information awaiting triage, one item
graded and linked to a suspect, and a victim's private link (printed with its passcode)
for a demo report, with a diary entry waiting for the officer."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.intake import actions, throttle, victim
from foursight.intake.commands import (
    AddDiaryEntry,
    GradeInformation,
    SubmitInformation,
    SubmitOnlineReport,
)
from foursight.intake.models import IntelligenceItem

INFORMATION = (
    {
        "about": {"name": "Dean Carver", "identifiers": ["07700 900311"]},
        "what": "He sits in a car outside the nail bar on Holloway Road most evenings "
        "and follows one of the women who work there when she leaves.",
        "where": "Holloway Road",
        "postcode": "N7",
    },
    {
        "about": {"name": "", "identifiers": ["@watcher_e15"]},
        "what": "An account keeps posting photos of a woman leaving her flat, with times.",
        "postcode": "E15",
    },
    {"what": "A man has been leaving notes on a neighbour's car every week since summer."},
    {
        "about": {"name": "Ray Pollard"},
        "what": "Ray told friends he tracks his ex-partner's phone and knows where she is.",
        "where": "Kentish Town",
        "postcode": "NW5",
    },
)
ONLINE = {
    "what_happened": "Someone I went on two dates with keeps messaging me from new numbers "
    "and turned up at my gym twice this week.",
    "started": "Six weeks ago",
    # Southwark (Central South): the demo's newest report, away from the CN examples.
    "postcode": "SE1 7PB",
    "reporter": {"name": "Priya Shah", "phone": "07700 900512"},
    "suspect": {
        "name": "Lee Harmon",
        "relationship": "acquaintance",
        "identifiers": ["07700 900613", "@lee.harmon"],
    },
    "safe_contact": "Text before calling; weekdays after 6pm",
}


def _demo_report(officer: User) -> Report | None:
    return (
        Report.objects.filter(
            unit__parent_id=officer.home_bcu_id,
            status="open",
            parties__role=Party.Role.VICTIM,
        )
        .order_by("reported_at", "id")
        .first()
    )


def load() -> dict[str, int]:
    officer = User.objects.filter(username="officer.cn").first()
    if officer is None:
        return {"intelligence items": 0}
    throttle.reset()
    items = [actions.submit_information(SubmitInformation.from_dict(data)) for data in INFORMATION]
    online = actions.submit_online_report(SubmitOnlineReport.from_dict(ONLINE), caller="demo")
    ages = (timedelta(days=3, hours=2), timedelta(days=1, hours=5), timedelta(hours=7))
    with transaction.atomic():
        for item, age in zip(items, ages, strict=False):
            IntelligenceItem.objects.filter(pk=item.pk).update(received_at=timezone.now() - age)
    suspect = (
        Party.objects.filter(role=Party.Role.SUSPECT, report__unit__parent_id=officer.home_bcu_id)
        .order_by("id")
        .first()
    )
    graded = 0
    if suspect is not None:
        actions.grade_information(
            officer,
            items[-1].pk,
            GradeInformation(
                source_evaluation="2",
                assessment="C",
                handling="P",
                sanitised="Subject is said to track a former partner's phone location.",
            ),
        )
        actions.link_information(officer, items[-1].pk, suspect.person_id)
        graded = 1
    links = 0
    report = _demo_report(officer)
    if report is not None:
        _, token, passcode = victim.create_access(officer, report.pk)
        session, _ = victim.open_session(token, passcode, caller="demo")
        victim.add_diary_entry(
            session,
            AddDiaryEntry(
                occurred_at=timezone.now() - timedelta(days=2, hours=3),
                place="Outside my work",
                what_happened="He was waiting across the road when I finished at six and "
                "walked behind me to the bus stop.",
                effect="I was shaking and took a taxi home the next day.",
                witnesses="My colleague Sam",
            ),
        )
        victim.end_session(session)
        links = 1
        print(
            f"demo intake: victim's page for {report.reference}: open /victim/{token} on the "
            f"server (e.g. http://127.0.0.1:8000/victim/{token}), passcode {passcode}"
        )
    print(f"demo intake: online report {online.report.reference} awaits triage at /triage")
    return {
        "anonymous items": len(items),
        "graded and linked": graded,
        "online reports": 1,
        "victim links": links,
    }
