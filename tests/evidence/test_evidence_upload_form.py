"""The evidence import form: a refusal comes back on the Evidence tab, explained, with what
was typed kept; an import done says so in a banner; the page carries the upload progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foursight.evidence.models import Exhibit
from tests.conftest import World

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"


def _post(client: Any, report_id: int, path: Path, **fields: str) -> Any:
    data = {"exhibit": "AR/1", "victim_ids": "+447700900123", "locale": "en_GB", **fields}
    with open(path, "rb") as handle:
        return client.post(f"/reports/{report_id}/evidence", {**data, "file": handle})


def test_bad_scope_date_is_refused_on_the_same_page(world: World) -> None:
    report = world.reports["ne"]
    client = world.page("officer_ne")
    response = _post(
        client,
        report.pk,
        FIXTURES / "whatsapp-android-en_GB.txt",
        consent_reference="S37/9",
        scope_from="31/02/2026",
        scope_to="1/4/2026",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and 'href="#ev-from"' in body
    assert "Scope from must be a real date: February 2026 has 28 days" in body
    assert 'value="S37/9"' in body and 'value="1/4/2026"' in body and "+447700900123" in body
    assert not Exhibit.objects.exists()


def test_missing_victim_ids_names_the_field_in_plain_words(world: World) -> None:
    report = world.reports["ne"]
    response = _post(
        world.page("officer_ne"), report.pk, FIXTURES / "whatsapp-android-en_GB.txt", victim_ids=""
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'href="#ev-victim"' in body
    assert "victim_ids:" not in body and "give at least one of the victim" in body


def test_import_done_shows_a_banner_and_the_form_shows_progress(world: World) -> None:
    report = world.reports["ne"]
    client = world.page("officer_ne")
    page = client.get(f"/reports/{report.pk}/evidence").content.decode()
    assert 'data-upload-progress="upload-progress"' in page and "exhibit-upload" in page
    response = _post(
        client,
        report.pk,
        FIXTURES / "whatsapp-android-en_GB.txt",
        consent_reference="S37/9",
        scope_from="1/1/2020",
        scope_to="31/12/2030",
    )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in shown and "Exhibit AR/1 imported" in shown
