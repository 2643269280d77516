"""Intelligence in offender linkage and harm: an anonymous item is scored as a mention
against the linked mentions; a graded item linked to a person shows on the offender's
identity and counts beside the harm score (never in it)."""

from __future__ import annotations

import pytest

from foursight.intake import actions
from foursight.intake.commands import GradeInformation, SubmitInformation
from foursight.intake.linkage import mention_fields, possible_offenders
from foursight.offenders import actions as offender_actions
from foursight.offenders.models import HarmEntry, Mention
from foursight.offenders.ranking_actions import refresh_harm
from foursight.offenders.serialise import entry_with_status, offender_out
from tests.offenders.conftest import Linked

pytestmark = pytest.mark.django_db
ABOUT = {"name": "Dan Price", "identifiers": ["07700 900111", "dan.price@example.com"]}


def test_item_becomes_raw_linkage_fields(linked: Linked) -> None:
    item = actions.submit_information(
        SubmitInformation.from_dict({"about": ABOUT, "what": "He follows her.", "postcode": "N7"})
    )
    assert mention_fields(item) == {
        "first_name": "Dan",
        "surname": "Price",
        "dob": None,
        "phone": "07700 900111",
        "email": "dan.price@example.com",
        "handle": None,
        "postcode": "N7",
    }


def test_item_finds_the_offender_and_counts_beside_harm(linked: Linked) -> None:
    officer = linked.world.users["officer_cn"]
    item = actions.submit_information(
        SubmitInformation.from_dict({"about": ABOUT, "what": "He follows her."})
    )
    assert possible_offenders(item) == []  # no link run yet
    offender_actions.link_run(officer)
    price = Mention.objects.get(person=linked.persons["price1"]).offender
    assert price is not None
    found = possible_offenders(item)
    assert found and found[0]["offender"] == price.code
    refresh_harm(officer)
    entry = HarmEntry.objects.filter(offender=price, ranking__unit__isnull=True).first()
    assert entry is not None
    score = entry.score
    assert entry_with_status(entry)["intelligence"] == 0
    actions.grade_information(
        officer,
        item.pk,
        GradeInformation.from_dict(
            {"source_evaluation": "2", "assessment": "C", "handling": "P", "sanitised": "Follows."}
        ),
    )
    actions.link_information(officer, item.pk, linked.persons["price1"].pk)
    assert entry_with_status(entry)["intelligence"] == 1
    refresh_harm(officer)
    again = HarmEntry.objects.filter(offender=price, ranking__unit__isnull=True).first()
    assert again is not None and again.score == score
    shown = offender_out(officer, price)
    assert [i["grading"] for i in shown["intelligence"]] == ["2C P"]
    hidden = offender_out(linked.world.users["advocate"], price)
    assert hidden["intelligence"] == [] and hidden["intelligence_count"] == 1
