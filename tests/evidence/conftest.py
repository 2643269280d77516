"""Evidence tests: a private originals store per test, and no worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "evidence"
JUSTIFY = "Operation Nightjar evidence review"
VICTIM = ["Alex R", "+447700900123"]


@pytest.fixture(autouse=True)
def evidence_store(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    return Path(settings.DATA_DIR)


def upload(client: Client, report_id: int, name: str, **fields: Any) -> Any:
    data: dict[str, Any] = {
        "exhibit": "AR/1",
        "victim_ids": VICTIM,
        "tz": "Europe/London",
        "locale": "en_GB",
    }
    data.update(fields)
    path = fields.pop("path", None) or FIXTURES / name
    data.pop("path", None)
    with open(path, "rb") as handle:
        data["file"] = handle
        return client.post(f"/api/v1/reports/{report_id}/exhibits", data=data)


def make_sms_backup(path: Path, messages: int, seed: int = 5, start: int = 0) -> Path:
    """A seeded SMS Backup & Restore file; the first k messages of a longer file are the
    same as a file of k messages (so one export can overlap another). ``start`` shifts
    every time, to make a file that shares nothing with the default one."""
    import random
    from xml.sax.saxutils import quoteattr

    rng = random.Random(seed)
    words = "where are you why won't you answer I saw your car outside again".split()
    numbers = [f"+4479{rng.randrange(10**8):08d}" for _ in range(30)]
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write(f'<smses count="{messages}" backup_set="test" type="full">\n')
        for i in range(messages):
            number = numbers[rng.randrange(30)]
            body = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 12)))
            date = 1_704_067_200_000 + (start + i) * 30_000
            out.write(
                f'  <sms protocol="0" address="{number}" date="{date}" type="{rng.choice("12")}"'
                f' subject="null" body={quoteattr(body)} toa="null" sc_toa="null"'
                f' service_center="null" read="1" status="-1" locked="0" date_sent="{date}"'
                f' sub_id="1" readable_date="-" contact_name="(Unknown)" />\n'
            )
        out.write("</smses>\n")
    return path
