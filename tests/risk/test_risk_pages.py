"""The risk pages: assess through forms, STAC referral, conference, plan, dashboards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from foursight.cases.models import AdvocateAssignment, Report
from foursight.risk.models import Assessment, CaseConference, Plan, PlanAction, Referral
from tests.conftest import World
from tests.risk.risk_support import FOUR_STALKING, dash_answers, pair


def _day(offset: int) -> str:
    return (datetime.now(UTC) + timedelta(days=offset)).date().isoformat()


def test_report_page_shows_the_risk_link_and_panel(world: World) -> None:
    report = world.reports["cn"]
    page = world.page("officer_cn").get(f"/reports/{report.pk}")
    assert page.status_code == 200
    assert f'href="/reports/{report.pk}/risk"' in page.content.decode()
    assert "No risk assessment yet" in page.content.decode()
    hidden = world.page("pou").get(f"/reports/{report.pk}")
    assert b"risk-summary" not in hidden.content


def test_officer_assesses_through_the_forms(world: World) -> None:
    report = world.reports["cn"]
    victim, suspect = pair(report)
    client = world.page("officer_cn")
    start = client.get(
        f"/reports/{report.pk}/risk/assess",
        {"instrument": "four", "victim": victim, "suspect": suspect},
    )
    assert start.status_code == 302 and "/risk/assess/four" in start["Location"]
    form = client.get(start["Location"])
    assert form.status_code == 200 and b"Fixated" in form.content
    done = client.post(
        f"/reports/{report.pk}/risk/assess/four",
        {"victim_party_id": victim, "suspect_party_id": suspect, **FOUR_STALKING},
    )
    assert done.status_code == 302, done.content
    result = client.get(done["Location"])
    assert b"FOUR stalking screen result" in result.content
    assert b"<dt>Stalking indicated</dt><dd>No</dd>" in result.content  # one dated occasion
    dash = client.post(
        f"/reports/{report.pk}/risk/assess/dash",
        {"victim_party_id": victim, "suspect_party_id": suspect, **dash_answers(14)},
    )
    assert dash.status_code == 302
    shown = client.get(dash["Location"]).content.decode()
    assert 'id="level">high' in shown and "Visible high risk" in shown
    assert "Complete S-DASH" in shown
    risk = client.get(f"/reports/{report.pk}/risk").content.decode()
    assert "<svg" in risk and "DASH trend" in risk


def test_a_bad_form_shows_the_error_and_stores_nothing(world: World) -> None:
    report = world.reports["cn"]
    victim, suspect = pair(report)
    response = world.page("officer_cn").post(
        f"/reports/{report.pk}/risk/assess/dash",
        {"victim_party_id": victim, "suspect_party_id": suspect, "q1": "yes"},
    )
    assert response.status_code == 400
    assert b"Missing answer(s) for dash: q2" in response.content
    assert b'value="yes" checked' in response.content  # the answers given are kept
    assert not Assessment.objects.exists()


def test_stac_referral_from_the_risk_page(world: World) -> None:
    report = world.reports["ne"]
    client = world.page("officer_ne")
    assert b"Refer to the STAC" in client.get(f"/reports/{report.pk}/risk").content
    response = client.post(f"/reports/{report.pk}/risk/stac-referral", {"reason": "Escalating"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.stac_referred_at is not None
    cases = world.page("stac").get("/stac").content.decode()
    assert report.reference in cases  # the STAC sees it across BCUs


def test_stac_conference_plan_and_overdue_action(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("stac")
    conference = client.post(
        f"/reports/{report.pk}/stac/conferences",
        {
            "held_on": _day(0),
            "attendee_name": ["DS Grey", "Dr Patel", ""],
            "attendee_agency": ["police", "mental_health", "other"],
            "decisions": "SRP by the clinician; SPO application.",
        },
    )
    assert conference.status_code == 302
    assert CaseConference.objects.get().attendees[1] == {
        "name": "Dr Patel",
        "agency": "mental_health",
    }
    assert (
        client.post(f"/reports/{report.pk}/stac/plan", {"review_on": _day(14)}).status_code == 302
    )
    added = client.post(
        f"/reports/{report.pk}/stac/plan/actions",
        {
            "agency": "probation",
            "description": "Home visit",
            "owner": "PO Lane",
            "due_on": _day(-2),
        },
    )
    assert added.status_code == 302
    page = client.get(f"/reports/{report.pk}/stac").content.decode()
    assert "Home visit" in page and "Overdue" in page
    for who, path in (("stac", "/stac"), ("supervisor_cn", "/risk/tasks")):
        assert "Home visit" in world.page(who).get(path).content.decode(), who
    assert "Home visit" not in world.page("officer_ne").get("/risk/tasks").content.decode()
    action = PlanAction.objects.get()
    assert client.post(f"/plan-actions/{action.pk}", {"status": "done"}).status_code == 302
    assert "Home visit" not in client.get("/stac").content.decode()
    assert Plan.objects.get().review_on.isoformat() == _day(14)


def test_bad_plan_input_names_the_field(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("stac")
    response = client.post(f"/reports/{report.pk}/stac/plan", {"review_on": "next week"})
    assert response.status_code == 400 and b"Plan review date must be a date" in response.content
    assert not Plan.objects.exists()


def test_advocate_referral_and_the_advocates_page(world: World) -> None:
    report: Report = world.reports["ne"]
    victim, _ = pair(report)
    response = world.page("officer_ne").post(
        f"/reports/{report.pk}/risk/referrals",
        {
            "kind": "advocate",
            "victim_party_id": victim,
            "consent": "yes",
            "consent_note": "Verbal consent, 12:10",
            "reason": "Needs an ISAC",
            "advocate": "advocate",
            "support_needs": "Safety planning; court support",
        },
    )
    assert response.status_code == 302, response.content
    assert AdvocateAssignment.objects.filter(party_id=victim).exists()
    page = world.page("advocate").get("/risk/advocate").content.decode()
    assert "Safety planning; court support" in page
    assert Referral.objects.count() == 1
    assert world.page("officer_ne").get("/risk/advocate").status_code == 404


def test_reassessment_request_and_tasks_page(world: World) -> None:
    report = world.reports["cn"]
    victim, suspect = pair(report)
    client = world.page("officer_cn")
    client.post(
        f"/reports/{report.pk}/risk/assess/dash",
        {"victim_party_id": victim, "suspect_party_id": suspect, **dash_answers(5)},
    )
    asked = client.post(
        f"/reports/{report.pk}/risk/reassessments", {"reason": "threat_hits", "note": "New texts"}
    )
    assert asked.status_code == 302
    tasks = client.get("/risk/tasks").content.decode()
    assert report.reference in tasks and "New threat hits in the evidence" in tasks
    risk = client.get(f"/reports/{report.pk}/risk").content.decode()
    assert "New threat hits in the evidence" in risk
    bad = client.post(f"/reports/{report.pk}/risk/reassessments", {"reason": "whim"})
    assert bad.status_code == 400 and b"reason" in bad.content


def test_conference_without_attendees_is_refused(world: World) -> None:
    report = world.reports["cn"]
    response = world.page("stac").post(
        f"/reports/{report.pk}/stac/conferences",
        {
            "held_on": _day(0),
            "attendee_name": [""],
            "attendee_agency": ["police"],
            "decisions": "x",
        },
    )
    assert response.status_code == 400 and b"Attendees" in response.content
    assert not CaseConference.objects.exists()


def test_unknown_instrument_and_unlicensed_forms(world: World) -> None:
    report = world.reports["cn"]
    client = world.page("officer_cn")
    assert client.get(f"/reports/{report.pk}/risk/assess/oasys").status_code == 404
    assert client.get(f"/reports/{report.pk}/risk/assess/sam").status_code == 404
    risk = client.get(f"/reports/{report.pk}/risk").content.decode()
    assert 'value="sam"' not in risk and 'value="dash"' in risk
    stac = world.page("stac").get(f"/reports/{report.pk}/risk").content.decode()
    assert 'value="sam"' in stac
    assert world.page("stac").get(f"/reports/{report.pk}/risk/assess/sam").status_code == 200


def test_mappa_referral_from_the_page(world: World) -> None:
    report = world.reports["cn"]
    victim, _ = pair(report)
    base = {
        "kind": "mappa",
        "victim_party_id": victim,
        "consent": "no",
        "consent_note": "Not needed for a MAPPA referral",
        "reason": "Serious harm",
        "mappa_category": "2",
        "mappa_level": "2",
    }
    client = world.page("stac")
    assert client.post(f"/reports/{report.pk}/risk/referrals", base).status_code == 302
    bad = client.post(f"/reports/{report.pk}/risk/referrals", {**base, "mappa_level": "two"})
    assert bad.status_code == 400 and b"MAPPA level: expected a whole number" in bad.content
    assert Referral.objects.get().mappa_level == 2
    page = world.page("officer_cn").get(f"/reports/{report.pk}/risk").content.decode()
    assert "category 2, level 2" in page


def test_person_page_shows_the_victims_risk_to_those_who_may_see_it(world: World) -> None:
    report = world.reports["cn"]
    victim, suspect = pair(report)
    world.page("officer_cn").post(
        f"/reports/{report.pk}/risk/assess/dash",
        {"victim_party_id": victim, "suspect_party_id": suspect, **dash_answers(15)},
    )
    person = world.persons["victim_cn"].pk
    shown = world.page("officer_cn").get(f"/persons/{person}").content.decode()
    assert "Risk as a victim" in shown and "DASH v1" in shown
    advocate = world.page("advocate").get(f"/persons/{person}")
    assert advocate.status_code == 200 and b"Risk as a victim" not in advocate.content
