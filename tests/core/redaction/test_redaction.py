"""Proposed redactions: recall over the planted corpus, spans, application, offline set-up."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from foursight.core.redaction import (
    CasePerson,
    Span,
    SpanError,
    apply,
    case_terms,
    check_spans,
    engine,
    merge_spans,
    propose,
)
from foursight.core.redaction.evaluate import load, score

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "redaction" / "corpus.txt"


def found(text: str, terms: Any = None) -> dict[str, str]:
    return {text[s.start : s.end]: s.entity for s in propose(text, terms)}


def test_corpus_recall_at_least_95_percent() -> None:
    docs = load(CORPUS)
    assert len(docs) >= 50
    tallies = score(docs)
    total = tallies["ALL"]
    assert total.planted >= 150
    assert total.recall >= 0.95, total.missed
    assert total.precision >= 0.8, total.wrong


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+447700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "07700-900-123",
        "020 7946 0018",
        "(020) 7946 0018",
        "0161 496 0000",
        "01632 960001",
        "0113 496 0642",
    ],
)
def test_uk_phone_numbers_in_every_written_form(number: str) -> None:
    text = f"call me on {number} tonight"
    assert found(text) == {number: "PHONE_NUMBER"}


def test_short_digit_groups_are_not_phone_numbers() -> None:
    assert found("the code is 12 34 56 and the room 0800") == {}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I live at 12 Acacia Avenue now", "12 Acacia Avenue"),
        ("Flat 3, 45 High Street is mine", "Flat 3, 45 High Street"),
        ("at 7a birch grove tonight", "7a birch grove"),
    ],
)
def test_street_addresses(text: str, value: str) -> None:
    assert found(text) == {value: "ADDRESS"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("DOB 04/03/1991.", "04/03/1991"),
        ("she was born 4 March 1991 in Leeds", "4 March 1991"),
        ("Date of birth: 1990-08-15", "1990-08-15"),
        ("D.O.B. 4.3.91", "4.3.91"),
    ],
)
def test_dates_of_birth(text: str, value: str) -> None:
    assert found(text) == {value: "DATE_OF_BIRTH"}


def test_recent_dates_are_not_dates_of_birth() -> None:
    assert found("He came round on 14/02/2026 and again on 3 March 2026.") == {}


def test_uk_identifiers() -> None:
    text = "NI QQ 12 34 56 C, car LB07 SEO, mail a.b@example.org, postcode sw1a 1aa"
    assert found(text) == {
        "QQ 12 34 56 C": "UK_NINO",
        "LB07 SEO": "UK_VEHICLE_REGISTRATION",
        "a.b@example.org": "EMAIL_ADDRESS",
        "sw1a 1aa": "UK_POSTCODE",
    }


def test_case_names_any_case_possessive_and_accents() -> None:
    terms = case_terms([CasePerson("Zoë", "Walker-Smith")], extra=["Jake"])
    text = "ZOE's bag, zoë walker-smith, Walker's car, Smith, JAKE and jakes"
    spans = [text[s.start : s.end] for s in propose(text, terms)]
    # Possessives go with the name; names next to each other are one span.
    assert spans == ["ZOE's", "zoë walker-smith, Walker's", "Smith, JAKE"]


def test_case_phone_identifier_any_grouping() -> None:
    terms = case_terms([CasePerson("A", "B", identifiers=(("phone", "+447700900777"),))])
    text = "ring 7700 900 777"  # missing its 0: only the case's own deny-list finds it
    assert found(text, terms) == {"7700 900 777": "PHONE_NUMBER"}


def test_merge_overlapping_and_address_parts() -> None:
    text = "at 12 Acacia Avenue, NW1 4RY ok"
    spans = [Span(3, 19, "ADDRESS", 0.7), Span(21, 28, "UK_POSTCODE", 0.9), Span(3, 5, "X", 0.1)]
    assert merge_spans(text, spans) == [Span(3, 28, "ADDRESS", 0.9)]


def test_apply_replaces_spans_and_leaves_the_rest() -> None:
    text = "Alice on 07700 900123."
    out = apply(text, [Span(0, 5, "PERSON"), Span(9, 21, "PHONE_NUMBER")])
    assert out == "[REDACTED: name] on [REDACTED: phone number]."


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (Span(5, 40, "PERSON"), "span 1 (5-40) lies outside the text of 10 characters"),
        (Span(-1, 2, "PERSON"), "span 1 (-1-2) lies outside"),
        (Span(4, 4, "PERSON"), "span 1 (4-4) is empty"),
    ],
)
def test_span_outside_the_text_is_named(span: Span, message: str) -> None:
    with pytest.raises(SpanError) as caught:
        check_spans("0123456789", [Span(0, 1, "PERSON"), span])
    assert caught.value.index == 1
    assert message in caught.value.message


def test_engine_builds_with_the_network_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network refused in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    engine.analyzer.cache_clear()
    try:
        assert found("mail me at x@example.com") == {"x@example.com": "EMAIL_ADDRESS"}
        assert (tmp_path / next(p.name for p in tmp_path.iterdir()) / "meta.json").exists()
    finally:
        engine.analyzer.cache_clear()


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("Mob: 07700900123/", "07700900123", "PHONE_NUMBER"),
        ("my number is 0 7 7 0 0 9 0 0 1 8 1", "0 7 7 0 0 9 0 0 1 8 1", "PHONE_NUMBER"),
        ("ring +33 6 12 34 56 78", "+33 6 12 34 56 78", "PHONE_NUMBER"),
        ("ring 00353 87 123 4567", "00353 87 123 4567", "PHONE_NUMBER"),
        ("DOB: 4/3/91", "4/3/91", "DATE_OF_BIRTH"),
        ("born on the 4th of March 1991", "4th of March 1991", "DATE_OF_BIRTH"),
        ("Date of birth 4 Mar 91", "4 Mar 91", "DATE_OF_BIRTH"),
        ("postcode ec1a1bb", "ec1a1bb", "UK_POSTCODE"),
        ("his van (KX65 FJJ)", "KX65 FJJ", "UK_VEHICLE_REGISTRATION"),
        ("ni no. ab123456a", "ab123456a", "UK_NINO"),
        ("Flat 4/2, 10 Argyle St", "Flat 4/2, 10 Argyle St", "ADDRESS"),
        ("Apartment 12, The Maltings", "Apartment 12, The Maltings", "ADDRESS"),
        (
            "She lives at 221B Baker Street, London NW1 6XE",
            "221B Baker Street, London NW1 6XE",
            "ADDRESS",
        ),
        ("write to alice [at] example [dot] com", "alice [at] example [dot] com", "EMAIL_ADDRESS"),
        ("email alice at example dot co dot uk", "alice at example dot co dot uk", "EMAIL_ADDRESS"),
        ("sort code 12-34-56 please", "12-34-56", "BANK_ACCOUNT"),
        ("acc no: 87654321", "87654321", "BANK_ACCOUNT"),
        ("car lb07seo", "lb07seo", "UK_VEHICLE_REGISTRATION"),
        (
            "at Seacole House, 120 Borough High Street",
            "Seacole House, 120 Borough High Street",
            "ADDRESS",
        ),
    ],
)
def test_more_written_forms(text: str, value: str, entity: str) -> None:
    assert found(text) == {value: entity}


@pytest.mark.parametrize(
    "text",
    [
        "at 10:05 on 2026-03-01 21:14:00",
        "crime ref 01/123456/26 and CAD 4411/12MAR",
        "£1,200.50 over 3 of the 5 messages",
        "I waited 20 minutes down the road",
        "he sent 45 messages on 14/02/2026",
        "Protection from Harassment Act 1997, section 2A",
        "12/03/2026, 21:14 - Sam K: pick up",
        "Risk score 14 out of 27, exhibit AR/1, page 12 of 20",
        "I went to the House, 3 times, then looked at example.com",
        "meet at home, dot the i's",
        "<attached: 00000012-PHOTO-2024-03-13-02-11-50.jpg>",
        "Ref: 2024/00123 and 00123 and +1 23",
    ],
)
def test_not_personal_data(text: str) -> None:
    assert found(text) == {}


def test_curly_apostrophes_and_plural_possessives() -> None:
    terms = case_terms([CasePerson("Siobhan", "O'Neill"), CasePerson("Mary", "Watson")])
    text = "Siobhan O\u2019Neill went to the Watsons' house"
    assert [text[s.start : s.end] for s in propose(text, terms)] == [
        "Siobhan O\u2019Neill",
        "Watsons'",
    ]


def test_case_dates_of_birth_vehicles_addresses_and_handles() -> None:
    person = CasePerson(
        "Alice",
        "Walker",
        identifiers=(
            ("vehicle", "LB07 SEO"),
            ("address", "12 Acacia Avenue, London NW1 4RY"),
            ("handle", "@ally_w99"),
        ),
        birth=(1991, 3, 4),
    )
    terms = case_terms([person])
    for written in ("04/03/1991", "4.3.91", "1991-03-04", "4th March 1991", "Mar 4, 1991"):
        text = f"seen on {written} at the shop"
        assert found(text, terms) == {written: "DATE_OF_BIRTH"}, written
    assert found("on 14/03/1991 at the shop", terms) == {"14/03/1991": "DATE_OF_BIRTH"}  # long ago
    assert found("car lb07seo again", terms) == {"lb07seo": "UK_VEHICLE_REGISTRATION"}
    assert found("at 12 Acacia Avenue London NW1 4RY", terms) == {
        "12 Acacia Avenue London NW1 4RY": "ADDRESS"
    }
    assert found("follow ally_w99 now", terms) == {"ally_w99": "SOCIAL_HANDLE"}


def test_names_that_are_common_words_need_their_capital() -> None:
    terms = case_terms([CasePerson("Will", "May")])
    text = "Will said it will rain in May, may it not. WILL MAY"
    assert [text[s.start : s.end] for s in propose(text, terms)] == ["Will", "May", "WILL MAY"]
