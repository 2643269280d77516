"""The STAC accepts or declines a referral with a reason, sees the officer's reason and a
case summary, and filters its list."""

from __future__ import annotations

import json

import pytest

from foursight.audit.models import AuditEntry
from foursight.cases import actions as case_actions
from foursight.cases.models import Report
from tests.conftest import World
from tests.risk.risk_support import call


def test_the_officers_reason_is_kept_on_the_referral(world: World) -> None:
    report = Report.objects.get(pk=world.reports["cn"].pk)
    assert report.stac_reason == "high risk, repeated contact"
    assert report.stac_referred_by == world.users["officer_cn"]
    assert report.stac_decision == ""
    html = world.page("stac").get(f"/reports/{report.pk}/stac").content.decode()
    assert 'id="stac-reason">high risk, repeated contact<' in html
    assert "Waiting for a decision" in html and 'id="stac-four">Not screened yet' in html


def test_stac_accepts_on_the_page_with_an_audit_entry(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("stac")
    done = client.post(f"/reports/{report.pk}/stac/decision", {"decision": "accepted"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert (report.stac_decision, report.stac_decided_by) == ("accepted", world.users["stac"])
    entry = AuditEntry.objects.filter(action="stac_decided").get()
    assert entry.object_id == str(report.pk)
    assert json.loads(entry.detail)["changes"]["stac_decision"] == ["", "accepted"]
    html = client.get(done["Location"]).content.decode()
    assert "Referral accepted" in html and "govuk-tag--green" in html


def test_decline_without_a_reason_re_displays_the_form(world: World) -> None:
    report = world.reports["cn"]
    response = world.page("stac").post(
        f"/reports/{report.pk}/stac/decision", {"decision": "declined", "reason": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#decision-reason">Say why the referral is declined' in html
    assert 'id="decision-declined" name="decision" type="radio" value="declined" checked' in html
    report.refresh_from_db()
    assert report.stac_decision == ""
    assert not AuditEntry.objects.filter(action="stac_decided").exists()


def test_decline_with_a_reason_by_api_and_the_officer_sees_it(world: World) -> None:
    report = world.reports["cn"]
    path = f"/reports/{report.pk}/stac-referral/decision"
    missing = call(world, "stac", "post", path, {"decision": "declined"})
    assert missing.status_code == 400
    assert missing.json()["error"]["field"] == "reason"
    assert "say why the referral is declined" in missing.json()["error"]["message"]
    body = {"decision": "declined", "reason": "Harassment only; manage locally."}
    done = call(world, "stac", "post", path, body)
    assert done.status_code == 200, done.content
    assert done.json()["decision"] == "declined"
    assert done.json()["reason"] == "high risk, repeated contact"
    assert done.json()["decided_by"] == "stac"
    risk = world.page("officer_cn").get(f"/reports/{report.pk}/risk").content.decode()
    assert "Declined" in risk and "Harassment only; manage locally." in risk
    # a new referral after a decline waits for a new decision with the new reason
    case_actions.refer_to_stac(world.users["officer_cn"], report.pk, "Threats since; SPO breach")
    report.refresh_from_db()
    assert (report.stac_decision, report.stac_reason) == ("", "Threats since; SPO breach")


@pytest.mark.parametrize("who", ["officer_cn", "supervisor_cn", "pou", "advocate"])
def test_only_the_stac_decides(world: World, who: str) -> None:
    report = world.reports["cn"]
    path = f"/reports/{report.pk}/stac-referral/decision"
    response = call(world, who, "post", path, {"decision": "accepted"})
    assert response.status_code in (403, 404)
    report.refresh_from_db()
    assert report.stac_decision == ""


def test_admin_decides_and_an_unreferred_report_cannot_be_decided(world: World) -> None:
    ne = world.reports["ne"]
    response = call(
        world, "admin", "post", f"/reports/{ne.pk}/stac-referral/decision", {"decision": "accepted"}
    )
    assert response.status_code == 409
    cn = world.reports["cn"]
    ok = call(
        world, "admin", "post", f"/reports/{cn.pk}/stac-referral/decision", {"decision": "accepted"}
    )
    assert ok.status_code == 200


def _refer_ne(world: World) -> Report:
    ne = world.reports["ne"]
    case_actions.refer_to_stac(world.users["officer_ne"], ne.pk, "Escalating, new numbers")
    return ne


def test_stac_list_filters(world: World) -> None:
    ne = _refer_ne(world)
    cn = world.reports["cn"]
    call(
        world, "stac", "post", f"/reports/{cn.pk}/stac-referral/decision", {"decision": "accepted"}
    )
    client = world.page("stac")

    def listed(query: str) -> set[str]:
        html = client.get(f"/stac?{query}").content.decode()
        table = html[html.index('id="stac-table"') :]
        return {r for r in (cn.reference, ne.reference) if f">{r}</a>" in table}

    assert listed("") == {cn.reference, ne.reference}
    assert listed("status=accepted") == {cn.reference}
    assert listed("status=waiting") == {ne.reference}
    assert listed("bcu=NE") == {ne.reference}
    assert listed("level=none") == {cn.reference, ne.reference}
    assert listed("level=high") == set()
    assert listed(f"text={ne.reference}") == {ne.reference}
    assert listed("text=okafor") == {ne.reference}  # the victim's surname
    assert "1 of 2 cases match" in client.get("/stac?bcu=NE").content.decode()
    api = call(world, "stac", "get", "/stac/cases?status=waiting&bcu=NE")
    assert [i["reference"] for i in api.json()["items"]] == [ne.reference]
