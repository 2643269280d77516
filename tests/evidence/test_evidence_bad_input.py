"""Every kind of bad file, uploaded to a report: a 422 naming the file and the place, and
nothing stored except the custody entry recording the rejection."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from foursight.evidence.models import CustodyEntry, EventSource, Exhibit, Original, StoredEvent
from tests.conftest import World
from tests.evidence.conftest import FIXTURES, upload

SMS = (FIXTURES / "calls-20240314093000.xml").read_bytes()
CHAT = (FIXTURES / "whatsapp-android-en_GB.txt").read_bytes()


def _zip(members: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compress) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD: list[tuple[str, bytes, str, dict[str, Any]]] = [
    ("calls-truncated.xml", SMS[: len(SMS) // 2], "line", {}),
    ("sms-badref.xml", SMS.replace(b'contact_name="', b'contact_name="&#1;', 1), "line", {}),
    ("WhatsApp Chat - evil.zip", _zip({"../../_chat.txt": CHAT}), "..", {}),
    ("WhatsApp Chat - bomb.zip", _zip({"_chat.txt": CHAT + b"\n" * (60 << 20)}), "", {}),
    ("junk.txt", bytes(range(256)) * 8, "byte", {}),
    ("empty.txt", b"", "byte 0", {}),
    ("whatsapp-utf16.txt", CHAT.decode("utf-8").encode("utf-16"), "", {}),
    ("notes.docx", b"PK\x03\x04 not really a zip", "", {}),
    (
        "whatsapp-ambiguous.txt",
        (FIXTURES / "whatsapp-ambiguous.txt").read_bytes(),
        "line 1",
        {"locale": ""},
    ),
]


@pytest.mark.parametrize(("name", "content", "where", "fields"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_rejected_and_only_custody_kept(
    world: World,
    tmp_path: Path,
    evidence_store: Path,
    name: str,
    content: bytes,
    where: str,
    fields: dict[str, Any],
) -> None:
    report = world.reports["cn"]
    path = tmp_path / name
    path.write_bytes(content)
    response = upload(world.api("officer_cn"), report.pk, "x", path=path, **fields)
    assert response.status_code == 422, response.content
    message = response.json()["error"]["message"]
    assert message.startswith(name), message
    assert where in message
    assert not Exhibit.objects.exists() and not StoredEvent.objects.exists()
    assert not Original.objects.exists() and not EventSource.objects.exists()
    originals = evidence_store / "originals"
    assert not originals.exists() or not any(originals.rglob("*"))
    assert not any((evidence_store / "incoming").iterdir())
    entry = CustodyEntry.objects.get(report=report)
    assert entry.action == "reject" and entry.detail == message
    assert entry.input["bytes"] == len(content)
