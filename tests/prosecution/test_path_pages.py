"""The path pages: the timeline on the report page, the forms, errors kept with the input."""

from __future__ import annotations

from foursight.cases.models import Party
from foursight.orders.models import Order
from foursight.prosecution.models import BailCondition, Step
from tests.conftest import World


def test_forms_record_steps_and_show_errors_with_the_input_kept(world: World) -> None:
    party = Party.objects.get(report=world.reports["cn"], role="suspect")
    url = f"/reports/{party.report_id}/suspects/{party.pk}/path"
    client = world.page("officer_cn")
    early = client.post(
        url, {"kind": "arrest", "at": "2026-02-01T07:00", "offences": ["8Q"], "where": "Camden"}
    )
    assert early.status_code == 400
    html = early.content.decode()
    assert "There is a problem" in html and 'href="#f-at"' in html
    assert 'value="Camden"' in html and 'value="2026-02-01T07:00"' in html
    assert not Step.objects.exists()
    for form in (
        {"kind": "arrest", "at": "2026-03-04T07:00", "offences": ["8Q"], "where": "Camden"},
        {
            "kind": "bail",
            "on": "2026-03-04",
            "return_on": "2026-04-04",
            "condition_kind_0": "no_contact",
            "condition_text_0": "No contact with Alice Walker",
        },
        {"kind": "charge", "on": "2026-03-05", "offences": ["8Q"], "authorised_by": "cps"},
        {
            "kind": "hearing",
            "on": "2026-03-20",
            "court": "Highbury Corner",
            "hearing_kind": "first",
        },
        {"kind": "verdict", "on": "2026-05-01", "result_8Q": "guilty_plea"},
        {
            "kind": "sentence",
            "on": "2026-05-02",
            "disposal": "suspended_custody",
            "months": "12",
            "order_kind": "restraining_conviction",
            "order_ends_on": "2028-05-02",
        },
    ):
        response = client.post(url, form)
        assert response.status_code == 302, response.content.decode()[:3000]
    assert BailCondition.objects.get().text == "No contact with Alice Walker"
    order = Order.objects.get()
    assert (order.kind, order.court, str(order.expires_on)) == (
        "restraining_conviction",
        "Highbury Corner",
        "2028-05-02",
    )
    report_page = client.get(f"/reports/{party.report_id}").content.decode()
    assert "Suspects&#x27; paths" in report_page or "Suspects' paths" in report_page
    for text in (
        "Arrest",
        "Released on bail",
        "Charge",
        "Verdict",
        "Sentence",
        "Suspended sentence",
    ):
        assert text in report_page
    page = client.get(f"{url}?kind=verdict").content.decode()
    assert 'name="result_8Q"' in page
