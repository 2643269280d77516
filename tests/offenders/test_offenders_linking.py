"""Mentions from reports, link runs, stable ids, merges and reviewer decisions."""

from __future__ import annotations

import pytest
from django.db.models import Q

from foursight.audit.models import AuditEntry
from foursight.errors import InvalidInput, NotFound
from foursight.offenders import actions
from foursight.offenders.access import offender_for
from foursight.offenders.models import Decision, Edge, IdentityLog, LinkRun, Mention, Offender
from tests.offenders.conftest import Linked


def _code(linked: Linked, key: str) -> str:
    mention = Mention.objects.select_related("offender").get(person=linked.persons[key])
    assert mention.offender is not None
    return mention.offender.code


def test_one_mention_per_suspect_party_raw_kept_and_cleaned(linked: Linked) -> None:
    assert actions.sync_mentions() == 7  # two world suspects and five more
    mention = Mention.objects.get(person=linked.persons["price2"])
    assert mention.mention_id == f"M{mention.party_id}"
    assert mention.report_id == linked.reports["price2"].pk
    assert mention.raw["first_name"] == "Danny" and mention.raw["phone"] == "07700 900111"
    assert mention.clean["first_name_canonical"] == "daniel"
    assert mention.clean["phone"] == "+447700900111"
    assert mention.clean["dob"] == "1979-03-14"
    partial = Mention.objects.get(person=linked.world.persons["suspect_cn"])
    assert partial.raw["dob"] == "1985-06" and partial.clean["dob"] is None
    assert not Mention.objects.filter(person=linked.world.persons["victim_cn"]).exists()


def test_a_link_run_creates_identities_edges_and_an_audit_entry(linked: Linked) -> None:
    run = actions.link_run(None)
    assert run.mentions == 7 and run.offenders == 5 and run.largest == 3
    price = {_code(linked, k) for k in ("price1", "price2", "price3")}
    assert len(price) == 1
    offender = Offender.objects.get(code=price.pop())
    assert offender.report_count == 3 and offender.mention_count == 3 and offender.active
    assert _code(linked, "other1") != _code(linked, "other2")
    assert Edge.objects.filter(status="link", same_person=True).count() == 3
    assert run.model.source == "synthetic"
    assert AuditEntry.objects.filter(
        action="linkage_run", object_type="linkage", object_id=str(run.pk)
    )


def test_ids_are_stable_across_reruns_and_new_reports(linked: Linked) -> None:
    actions.link_run(None)
    before = {k: _code(linked, k) for k in linked.persons}
    actions.link_run(None)
    assert {k: _code(linked, k) for k in linked.persons} == before
    linked.add_report("price9", "NE-NEWHAM", "Dan", "Price", {"date_of_birth": "1979-03-14"})
    run = actions.link_run(None)
    after = {k: _code(linked, k) for k in linked.persons}
    assert {k: after[k] for k in before} == before
    assert after["price9"] == before["price1"]
    assert Offender.objects.get(code=before["price1"]).report_count == 4
    assert run.next_seq == 6  # nothing new minted for a mention that joined a person


def test_a_merge_is_logged_and_the_old_id_leads_to_the_new(linked: Linked) -> None:
    linked.add_report("lone", "CN-CAMDEN", "Daniel", "Price", {})
    actions.link_run(None)
    lone, price = _code(linked, "lone"), _code(linked, "price1")
    assert lone != price
    lone_person = linked.persons["lone"]
    edge = Edge.objects.filter(
        Q(left__person=lone_person) | Q(right__person=lone_person), status="review"
    ).first()
    assert edge is not None
    pou = linked.world.users["pou"]
    actions.decide(
        pou, edge.pk, "must_link", "same phone on the custody record", justification="POU review"
    )
    run = actions.link_run(None)
    assert _code(linked, "lone") == price
    merged = Offender.objects.get(code=lone)
    assert not merged.active and merged.merged_into == price
    assert IdentityLog.objects.filter(run=run, kind="merge", code=price, others=[lone]).exists()
    assert offender_for(pou, lone, justification="POU review").code == price
    page = linked.world.page("officer_cn").get(f"/offenders/{lone}")
    assert page.status_code == 302 and page["Location"] == f"/offenders/{price}"


def test_reviewer_decisions_survive_reruns_both_ways(linked: Linked) -> None:
    linked.add_report("lone", "CN-CAMDEN", "Daniel", "Price", {})
    actions.link_run(None)
    queued = Edge.objects.filter(status="review")
    assert queued.exists()
    edge = queued.first()
    assert edge is not None
    admin = linked.world.users["admin"]
    actions.decide(
        admin, edge.pk, "must_link", "confirmed by phone billing", justification="review"
    )
    actions.link_run(None)
    again = Edge.objects.get(left=edge.left, right=edge.right)
    assert again.status == "must_link" and again.same_person
    actions.decide(
        admin, again.pk, "cannot_link", "different man, twin brother", justification="review"
    )
    actions.link_run(None)
    again = Edge.objects.get(left=edge.left, right=edge.right)
    assert again.status == "cannot_link" and not again.same_person
    assert Decision.objects.count() == 1
    assert AuditEntry.objects.filter(action="pair_decided", object_type="linkage_pair").count() == 2


def test_decisions_are_refused_without_a_reason_or_a_known_kind(linked: Linked) -> None:
    actions.link_run(None)
    edge = Edge.objects.first()
    assert edge is not None
    pou = linked.world.users["pou"]
    with pytest.raises(InvalidInput) as err:
        actions.decide(pou, edge.pk, "must_link", "no", justification="review work")
    assert err.value.field == "reason"
    with pytest.raises(InvalidInput) as err:
        actions.decide(pou, edge.pk, "maybe", "looks similar", justification="review work")
    assert err.value.field == "kind"
    with pytest.raises(NotFound):
        actions.decide(linked.world.users["officer_cn"], edge.pk, "must_link", "same man")
    assert not Decision.objects.exists()
    assert Edge.objects.get(pk=edge.pk).status == edge.status


def test_a_run_with_no_suspects_is_refused(db: None) -> None:
    with pytest.raises(InvalidInput):
        actions.link_run(None)
    assert not LinkRun.objects.exists()


def test_a_split_is_logged_and_the_larger_part_keeps_the_id(linked: Linked) -> None:
    actions.link_run(None)
    price = _code(linked, "price1")
    admin = linked.world.users["admin"]
    odd = Mention.objects.get(person=linked.persons["price3"])
    for key in ("price1", "price2"):
        other = Mention.objects.get(person=linked.persons[key])
        edge = Edge.objects.get(Q(left=odd, right=other) | Q(left=other, right=odd), status="link")
        actions.decide(
            admin, edge.pk, "cannot_link", "different date of arrest", justification="x" * 5
        )
    run = actions.link_run(None)
    assert _code(linked, "price1") == _code(linked, "price2") == price
    split_off = _code(linked, "price3")
    assert split_off != price
    assert IdentityLog.objects.filter(run=run, kind="split", code=price, others=[split_off])
    assert Offender.objects.get(code=price).report_count == 2
