"""Demo evidence: a victim's SMS backup on a few Central North reports, and on the first
of them a body-worn video clip and two photographs (:mod:`foursight.evidence.demo_register`).

Each backup is written in the SMS Backup & Restore format and imported through the same
action as an upload, as the demo ``officer.cn``, so the exhibit has its original, custody
log, stored events, analysis and evidence occasions like any other. The messages follow
a common pattern: repeated contact, night-time messages, the victim asking for it to stop,
a block, then contact from a new number. Deterministic for a given demo database.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

from foursight.accounts.models import User
from foursight.cases.models import Party, Report
from foursight.core.identifiers import normalise_phone
from foursight.evidence.actions import upload_exhibit
from foursight.evidence.demo_register import load_register
from foursight.evidence.meta import clean_meta

REPORTS = 3
VICTIM_PHONE = "07700 900{:03d}"
NEW_NUMBER = "07700 901{:03d}"

#: (day offset, hour, minute, who, text): who is "s" (suspect), "v" (victim) or "n" (new number).
SCRIPT = (
    (0, 19, 5, "s", "Can we talk? I just want to explain"),
    (0, 19, 40, "s", "Why are you ignoring me"),
    (1, 8, 15, "s", "Good morning. I'll wait for you after work"),
    (1, 23, 50, "s", "I can't sleep without hearing from you"),
    (2, 0, 20, "s", "Answer me"),
    (2, 7, 30, "v", "Please stop contacting me. I don't want any contact."),
    (3, 21, 10, "s", "You don't get to decide when this ends"),
    (4, 18, 2, "s", "I saw you at the station today. Nice coat"),
    (4, 23, 58, "s", "I know where you live"),
    (5, 1, 12, "s", "You'll regret ignoring me"),
    (6, 9, 0, "v", "Leave me alone or I will go to the police"),
    (8, 22, 30, "n", "New number. You can't block me forever"),
    (9, 0, 45, "n", "If you won't talk to me I'll talk to your sister"),
)


def _sms(address: str, when: datetime, inbound: bool, text: str) -> str:
    millis = int(when.timestamp() * 1000)
    return (
        f'  <sms protocol="0" address={quoteattr(address)} date="{millis}" type="{1 if inbound else 2}"'
        f' subject="null" body={quoteattr(text)} toa="null" sc_toa="null" service_center="null"'
        f' read="1" status="-1" locked="0" date_sent="{millis - 2000 if inbound else 0}" sub_id="1"'
        f' readable_date="{when:%d %b %Y %H:%M:%S}" contact_name="(Unknown)" />\n'
    )


def backup(suspect_phone: str, new_phone: str, start: datetime) -> str:
    """The SMS Backup & Restore XML for one victim's phone."""
    rows = []
    for day, hour, minute, who, text in SCRIPT:
        when = start.replace(hour=hour, minute=minute, second=0, microsecond=0) + timedelta(
            days=day
        )
        address = new_phone if who == "n" else suspect_phone
        rows.append(_sms(address, when, who != "v", text))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<smses count="{len(rows)}" backup_set="demo" type="full">\n'
        + "".join(rows)
        + "</smses>\n"
    )


def _reports() -> list[Report]:
    suspects_with_phone = Party.objects.filter(
        role=Party.Role.SUSPECT, person__identifiers__kind="phone"
    )
    return list(
        Report.objects.filter(
            unit__parent__code="CN", status="open", parties__in=suspects_with_phone
        )
        .distinct()
        .order_by("-reported_at", "-id")[:REPORTS]
    )


def load() -> dict[str, int]:
    """Import one demo SMS backup into each of a few open Central North reports."""
    officer = User.objects.filter(username="officer.cn").first()
    if officer is None:
        return {"exhibits": 0}
    exhibits = events = 0
    counts = {"registered": 0, "links": 0}
    for number, report in enumerate(_reports(), start=1):
        suspect = report.parties.filter(role=Party.Role.SUSPECT).select_related("person").first()
        assert suspect is not None
        phone = suspect.person.identifiers.filter(kind="phone").first()
        assert phone is not None
        victim_phone = VICTIM_PHONE.format(number)
        start = report.reported_at - timedelta(days=12)
        xml = backup(phone.raw, NEW_NUMBER.format(number), start).encode()
        name = f"sms-{start:%Y%m%d}093000.xml"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(xml)
            with open(path, "rb") as stream:
                result = upload_exhibit(
                    officer,
                    report.pk,
                    stream,
                    name,
                    len(xml),
                    clean_meta(
                        {
                            "exhibit": f"DEMO/SMS/{number}",
                            "victim_ids": [normalise_phone(victim_phone) or victim_phone],
                            "tz": "Europe/London",
                            "locale": "en_GB",
                            "consent_reference": f"S37-DEMO-{number}",
                            "scope_from": f"{start - timedelta(days=1):%Y-%m-%d}",
                            "scope_to": f"{report.reported_at:%Y-%m-%d}",
                        }
                    ),
                    justification="Demo data",
                )
        if result.outcome is not None:
            exhibits += 1
            events += len(SCRIPT)
        if number == 1:  # the full case: video and photographs too
            counts = load_register(officer, report)
    return {"exhibits": exhibits, "events": events, **counts}
