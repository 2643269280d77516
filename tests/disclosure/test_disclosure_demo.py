"""The demo: the Central North case has a redacted copy of its SMS exhibit."""

from __future__ import annotations

from foursight.disclosure import demo_data
from foursight.disclosure.models import RedactedCopy
from foursight.disclosure.queries import copies_for_report
from foursight.disclosure.redacting import copy_bytes
from foursight.evidence import demo_data as evidence_demo
from foursight.evidence.models import CustodyEntry, Exhibit
from tests.conftest import World, make_user


def test_demo_makes_one_redacted_copy_once(world: World, settings: object) -> None:
    make_user("officer.cn", "officer", "CN")
    assert evidence_demo.load()["exhibits"] == 1
    assert demo_data.load() == {"redacted_copies": 1}
    assert demo_data.load() == {"redacted_copies": 0}
    exhibit = Exhibit.objects.get(reference=demo_data.EXHIBIT)
    copy = RedactedCopy.objects.get()
    assert copy.exhibit_id == exhibit.pk and copy.original_sha256 == exhibit.original.sha256
    text = copy_bytes(copy.derived_sha256).decode()
    assert "07700 900456" not in text and "+447700900456" not in text
    assert "[REDACTED: phone number]" in text
    assert CustodyEntry.objects.filter(action="derived").count() == 1
    assert [c["derived_sha256"] for c in copies_for_report(exhibit.report_id)] == [
        copy.derived_sha256
    ]
