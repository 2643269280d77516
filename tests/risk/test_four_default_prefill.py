"""FOUR is the first screen on stalking and harassment reports, pre-filled from the
evidence with citations; result pages carry the next actions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from foursight.audit.models import AuditEntry
from foursight.cases.models import Offence
from foursight.evidence.models import Analysis, StoredEvent
from tests.conftest import World
from tests.evidence.conftest import upload
from tests.risk.risk_support import FOUR_STALKING, pair


@pytest.fixture(autouse=True)
def evidence_store(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.EVIDENCE_WORKER = "off"
    return Path(settings.DATA_DIR)


def _selected(html: str) -> str:
    select = html[html.index('id="a-instrument"') :]
    found = re.search(r'<option value="(\w+)" selected>', select[: select.index("</select>")])
    assert found is not None
    return found.group(1)


def test_four_is_the_default_on_stalking_reports_then_dash(world: World) -> None:
    report = world.reports["cn"]  # offence 8Q, stalking
    client = world.page("officer_cn")
    assert _selected(client.get(f"/reports/{report.pk}/risk").content.decode()) == "four"
    victim, suspect = pair(report)
    client.post(
        f"/reports/{report.pk}/risk/assess/four",
        {"victim_party_id": victim, "suspect_party_id": suspect, **FOUR_STALKING},
    )
    assert _selected(client.get(f"/reports/{report.pk}/risk").content.decode()) == "dash"


def test_no_default_on_other_reports(world: World) -> None:
    report = world.reports["cn"]
    Offence.objects.filter(report=report).update(code="8N")  # not stalking or harassment
    html = world.page("officer_cn").get(f"/reports/{report.pk}/risk").content.decode()
    select = html[html.index('id="a-instrument"') :]
    assert " selected>" not in select[: select.index("</select>")]


def test_four_form_is_pre_filled_from_the_evidence_with_citations(world: World) -> None:
    report = world.reports["ne"]  # no recorded suspect phone: every counterpart is in scope
    api = world.api("officer_ne")
    assert upload(api, report.pk, "whatsapp-android-en_GB.txt").status_code == 201
    assert Analysis.objects.filter(report=report).exists()
    html = world.page("officer_ne").get(f"/reports/{report.pk}/risk/assess/four").content.decode()
    assert 'id="prefill-note"' in html
    assert re.search(r'id="repeated-yes" name="repeated" value="yes" checked', html)
    assert re.search(r'id="act_contacting-yes" name="act_contacting" value="yes" checked', html)
    why = html[html.index('id="why-repeated"') :]
    why = why[: why.index("</div>")]
    cited = re.findall(r'href="/reports/\d+/timeline\?event=(\w+)">([^<]+ UTC)</a>', why)
    assert cited, why
    event = StoredEvent.objects.get(report=report, event_id=cited[0][0])
    assert cited[0][1].startswith(event.ts_utc.strftime("%-d %b %Y, %H:%M"))
    assert "contacts on" in why
    # nothing suggested is "no", and reading the analysis for the screen is audited
    assert not re.search(r'value="no" checked', html)
    assert AuditEntry.objects.filter(object_type="conduct", object_id=str(report.pk)).exists()


def test_no_suggestions_without_an_analysis(world: World) -> None:
    report = world.reports["cn"]
    html = world.page("officer_cn").get(f"/reports/{report.pk}/risk/assess/four").content.decode()
    assert 'id="prefill-note"' not in html and " checked" not in html


def test_result_page_carries_the_next_actions(world: World) -> None:
    from tests.risk.risk_support import dash_answers

    report = world.reports["ne"]
    victim, suspect = pair(report)
    client = world.page("officer_ne")
    done = client.post(
        f"/reports/{report.pk}/risk/assess/dash",
        {"victim_party_id": victim, "suspect_party_id": suspect, **dash_answers(14)},
    )
    html = client.get(done["Location"]).content.decode()
    actions = html[html.index('id="next-actions"') :]
    actions = actions[: actions.index("</div>")]
    risk = f"/reports/{report.pk}/risk"
    assert f'href="{risk}#stac">Refer to the STAC' in actions
    assert f'href="{risk}?refer=marac&amp;victim={victim}#referrals">Refer to MARAC' in actions
    assert f'href="{risk}?review=1#task">Book a reassessment' in actions
    page = client.get(f"{risk}?refer=marac&victim={victim}").content.decode()
    assert (
        'id="make-referral" class="govuk-details" open' in page
        and '<option value="marac" selected>' in page
    )
