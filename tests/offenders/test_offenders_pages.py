"""What people see: possible matches at once, the repeat flag, the offender page, review,
the highest-harm list and the repeat-offending insight."""

from __future__ import annotations

import pytest
from django.test import Client

from foursight.audit.models import AuditEntry
from foursight.core.order_commands import CreateOrder
from foursight.offenders import actions
from foursight.offenders.models import Decision, Edge, Mention
from foursight.offenders.ranking_actions import refresh_harm
from foursight.orders import actions as order_actions
from tests.offenders.conftest import PRICE, REPORTED, Linked

JUSTIFY = "Operation Nightjar target review"


@pytest.fixture
def ready(linked: Linked) -> Linked:
    actions.link_run(None)
    refresh_harm(None)
    return linked


def _price(linked: Linked) -> str:
    offender = Mention.objects.get(person=linked.persons["price1"]).offender
    assert offender is not None
    return offender.code


def _justified(linked: Linked, who: str) -> Client:
    client = linked.world.page(who)
    client.post("/purpose", {"reason": JUSTIFY, "next": "/"})
    return client


def test_a_new_suspect_is_matched_at_once_on_the_report_page(ready: Linked) -> None:
    report = ready.add_report("new", "CN-CAMDEN", "Dan", "Price", PRICE)
    assert not Mention.objects.filter(report=report).exists()  # not linked yet
    page = ready.world.page("officer_cn").get(f"/reports/{report.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Possible matches on other reports" in text
    for key in ("price1", "price2", "price3"):
        assert ready.reports[key].reference in text
    assert f"/offenders/{_price(ready)}" in text
    body = ready.world.api("officer_cn").get(f"/api/v1/reports/{report.pk}/matches").json()
    (suspect,) = body["suspects"]
    assert suspect["offender"] is None and not suspect["repeat"]
    found = {c["reference"]: c for c in suspect["candidates"]}
    assert set(found) == {ready.reports[k].reference for k in ("price1", "price2", "price3")}
    best = suspect["candidates"][0]
    assert best["offender"] == _price(ready) and best["match_probability"] >= 0.5
    agreeing = {e["field"] for e in best["evidence"] if e["match_weight"] > 0}
    assert {"dob", "surname"} <= agreeing
    assert AuditEntry.objects.filter(action="viewed", object_type="report_matches").exists()


def test_the_repeat_flag_shows_on_every_linked_report_and_only_there(ready: Linked) -> None:
    client = ready.world.page("officer_cn")
    flagged = client.get(f"/reports/{ready.reports['price2'].pk}").content.decode()
    assert "Repeat offender:" in flagged and "linked to 2 other reports" in flagged
    single = client.get(f"/reports/{ready.reports['other1'].pk}").content.decode()
    assert "Repeat offender:" not in single and "No possible matches" in single


def test_the_offender_page_names_victims_only_where_the_role_may(ready: Linked) -> None:
    code = _price(ready)
    officer = ready.world.page("officer_cn").get(f"/offenders/{code}").content.decode()
    assert "Vic TIMPRICE1" in officer and "Vic TIMPRICE2" in officer
    assert "Vic TIMPRICE3" not in officer  # an NE report the CN officer cannot open
    assert "<dt>Victims</dt><dd>3" in officer
    for key in ("price1", "price2", "price3"):
        assert ready.reports[key].reference in officer
    assert "07700 900111" in officer and "Harm score" in officer and "Rank 1" in officer
    pou = _justified(ready, "pou").get(f"/offenders/{code}").content.decode()
    assert "names are not shown to your role" in pou and "TIMPRICE" not in pou
    body = ready.world.api("pou", JUSTIFY).get(f"/api/v1/offenders/{code}").json()
    assert body["victims"] == {"count": 3, "names": None}
    assert body["bcus"] == ["CN", "NE"] and len(body["timeline"]) == 3
    assert body["orders"] == [] and body["wanted"] == []
    assert [b["offence_code"] for b in body["harm"]["breakdown"]].count("8Q") == 3
    assert AuditEntry.objects.filter(action="viewed", object_type="offender", object_id=code)


def test_the_offender_page_shows_open_orders_against_any_of_their_mentions(
    ready: Linked,
) -> None:
    officer = ready.world.users["officer_ne"]
    victim = ready.reports["price3"].parties.get(role="victim").person
    order_actions.create_order(
        officer,
        CreateOrder.from_dict(
            {
                "kind": "restraining_conviction",
                "subject_id": ready.persons["price3"].pk,
                "protected_ids": [victim.pk],
                "court": "Stratford Magistrates",
                "made_on": "2026-10-01",
                "expires_on": "2028-10-01",
            }
        ),
    )
    code = _price(ready)
    body = ready.world.api("officer_cn").get(f"/api/v1/offenders/{code}").json()
    assert [o["kind"] for o in body["orders"]] == ["Restraining order (on conviction)"]
    page = ready.world.page("officer_cn").get(f"/offenders/{code}").content.decode()
    assert "Restraining order (on conviction)</a>, made 1 Oct 2026, until 1 Oct 2028" in page
    top = ready.world.api("officer_ne").get("/api/v1/harm/top").json()["items"][0]
    assert top["offender"] == code and top["open_orders"] == 1 and top["wanted"] is False


def test_the_highest_harm_list_records_its_index_and_window(ready: Linked) -> None:
    body = ready.world.api("pou", JUSTIFY).get("/api/v1/harm/top").json()
    ranking, top = body["ranking"], body["items"][0]
    assert ranking["scope"] == "force" and ranking["index"]["id"] == "ons-css"
    assert ranking["window_days"] == 365 and ranking["top_n"] == 100
    assert top["offender"] == _price(ready) and top["crimes"] == 6 and top["victims"] == 3
    assert top["bcus"] == ["CN", "NE"] and len(top["reports"]) == 3
    assert top["open_orders"] == 0 and top["wanted"] is False
    assert top["score"] > body["items"][1]["score"]
    page = _justified(ready, "pou").get("/harm").content.decode()
    assert "ONS Crime Severity Score" in page and "365 days" in page


def test_a_reviewer_compares_a_pair_and_decides_on_the_page(ready: Linked) -> None:
    ready.add_report("lone", "CN-CAMDEN", "Daniel", "Price", {})
    actions.link_run(None)
    edge = Edge.objects.filter(status="review").first()
    assert edge is not None
    client = _justified(ready, "pou")
    queue = client.get("/linkage/review").content.decode()
    assert f"/linkage/review/{edge.pk}" in queue
    pair = client.get(f"/linkage/review/{edge.pk}").content.decode()
    assert edge.left.report.reference in pair and edge.right.report.reference in pair
    bad = client.post(f"/linkage/review/{edge.pk}", {"kind": "must_link", "reason": "x"})
    assert bad.status_code == 400 and b"reason" in bad.content
    assert not Decision.objects.exists()
    good = client.post(
        f"/linkage/review/{edge.pk}", {"kind": "must_link", "reason": "same custody photo"}
    )
    assert good.status_code == 302
    assert Decision.objects.get().kind == "must_link"
    assert Edge.objects.get(pk=edge.pk).status == "must_link"


def test_the_review_page_shows_the_chaining_alert(ready: Linked) -> None:
    run = actions.link_run(None)
    assert run.alerts == []
    client = _justified(ready, "pou")
    assert "Alert:" not in client.get("/linkage/review").content.decode()
    type(run).objects.filter(pk=run.pk).update(alerts=["Largest person grew from 3 to 40"])
    assert "Alert:</strong> Largest person grew" in client.get("/linkage/review").content.decode()
    for path in ("/offenders", "/harm"):
        assert "Linkage alert:</strong> Largest person" in client.get(path).content.decode()
    officer = ready.world.page("officer_cn").get("/offenders").content.decode()
    assert "Linkage alert" not in officer


def test_the_insight_suppresses_small_numbers(ready: Linked) -> None:
    body = ready.world.api("analyst").get("/api/v1/insights/repeat-offending").json()
    assert body["threshold"] == 5
    month = REPORTED.strftime("%Y-%m")
    fixture_month = next(row for row in body["months"] if row["month"] == month)
    assert fixture_month["force"] == {  # 10 and 6, released rounded to the base of 5
        "offences": 10,
        "repeat": 5,
        "share": 50.0,
        "suppressed": False,
    }
    assert fixture_month["bcus"]["CN"] == {
        "offences": 5,
        "repeat": "<5",
        "share": None,
        "suppressed": True,
    }
    assert fixture_month["bcus"]["NE"]["offences"] == "<5"
    page = ready.world.page("analyst").get("/insights/repeat-offending").content.decode()
    assert "50.0%" in page and "&lt;5" in page and "<svg" in page
    assert "Price" not in page and "PRICE" not in page


def test_bad_api_input_names_the_field_and_changes_nothing(ready: Linked) -> None:
    edge = Edge.objects.first()
    assert edge is not None
    client = ready.world.api("pou", JUSTIFY)
    for body, field in (
        ({"kind": "perhaps", "reason": "looks alike"}, "kind"),
        ({"kind": "must_link", "reason": "no"}, "reason"),
        ({"kind": "must_link", "reason": "fine reason", "extra": 1}, "extra"),
    ):
        response = client.post(
            f"/api/v1/linkage/review/{edge.pk}/decision", body, content_type="application/json"
        )
        assert response.status_code == 400 and response.json()["error"]["field"] == field
    response = client.post("/api/v1/harm/refresh", {"top": 0}, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "top"
    assert client.get("/api/v1/harm/top?bcu=ZZ").status_code == 404
    assert not Decision.objects.exists()


def test_the_person_page_links_a_suspect_to_their_offender_identity(ready: Linked) -> None:
    person = ready.persons["price2"]
    page = ready.world.page("officer_cn").get(f"/persons/{person.pk}").content.decode()
    assert f'<a href="/offenders/{_price(ready)}">' in page and "(repeat offender)" in page
    victim = ready.reports["price2"].parties.get(role="victim").person
    other = ready.world.page("officer_cn").get(f"/persons/{victim.pk}").content.decode()
    assert "Linked offender identity" not in other
