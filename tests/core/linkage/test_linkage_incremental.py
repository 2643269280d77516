"""One new mention scored against all existing mentions, with explanations."""

from __future__ import annotations

import pyarrow as pa

from foursight.core.linkage import MentionIndex, ModelParams


def test_new_mention_finds_its_person_with_a_readable_explanation(
    raw_mentions: pa.Table, mentions: pa.Table, params: ModelParams
) -> None:
    truths = mentions.column("person_truth").to_pylist()
    pick = next(i for i, t in enumerate(truths) if truths.count(t) >= 3)
    existing = pa.concat_tables([mentions.slice(0, pick), mentions.slice(pick + 1)])
    new = raw_mentions.slice(pick, 1).to_pylist()[0]
    truth = new.pop("person_truth")
    persons = {
        m: f"T{t}"
        for m, t in zip(
            existing.column("mention_id").to_pylist(),
            existing.column("person_truth").to_pylist(),
            strict=True,
        )
    }
    same = [m for m, p in persons.items() if p == f"T{truth}"]
    with MentionIndex(existing, params, persons=persons) as index:
        found = index.match(new)
    assert found and found[0].person_id == f"T{truth}"
    assert found[0].mention_id in same
    probs = [c.match_probability for c in found]
    assert probs == sorted(probs, reverse=True) and probs[0] >= 0.5
    evidence = {e.field: e for e in found[0].evidence}
    assert set(evidence) == {"first_name", "surname", "dob", "phone", "email", "handle", "postcode"}
    positive = [e for e in evidence.values() if e.match_weight > 0]
    assert positive and all(e.level != "missing" for e in positive)
    assert all(e.match_weight == 0 for e in evidence.values() if e.level == "missing")


def test_a_stranger_matches_nobody(mentions: pa.Table, params: ModelParams) -> None:
    stranger = {
        "first_name": "Zebedee",
        "surname": "Quaxworthy",
        "dob": "1961-07-19",
        "phone": "07000 123987",
        "postcode": "ZE2 9QQ",
    }
    with MentionIndex(mentions, params) as index:
        assert index.match(stranger) == []
        assert index.match(stranger, threshold=0.0) == []
