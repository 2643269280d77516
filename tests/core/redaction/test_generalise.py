"""Recognisers written for the held-out rounds: names with titles and initials, ages,
old plates, schools, flat letters, and the hard negatives that must stay unproposed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from foursight.core.redaction import CasePerson, case_terms, propose
from foursight.core.redaction.evaluate import load, score

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "redaction"
#: Every planted corpus: the rules' own set and each held-out round (tuned on or not).
SETS = (
    "corpus.txt",
    "heldout.txt",
    "heldout2.txt",
    "heldout3.txt",
    "heldout4.txt",
    "heldout5.txt",
    "negatives.txt",
)


def found(text: str, terms: Any = None) -> dict[str, str]:
    return {text[s.start : s.end]: s.entity for s in propose(text, terms)}


def test_recall_over_every_planted_set_at_least_95_percent() -> None:
    docs = [d for name in SETS if (FIXTURES / name).exists() for d in load(FIXTURES / name)]
    assert len(docs) >= 130
    total = score(docs)["ALL"]
    assert total.recall >= 0.95, total.missed
    assert total.precision >= 0.95, total.wrong


def test_hard_negatives_keep_precision() -> None:
    total = score(load(FIXTURES / "negatives.txt"))["ALL"]
    assert total.recall == 1.0, total.missed
    assert total.precision >= 0.75, total.wrong


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Dear Mr Brennan, you must", "Mr Brennan"),
        ("PNC returned to T. BRENNAN today", "T. BRENNAN"),
        ("seen by Ms J Brennan at 9", "Ms J Brennan"),
        ("it was Anthony's car", "Anthony's"),
        ("keeper BRENNAN, Anthony of", "BRENNAN, Anthony"),
    ],
)
def test_case_name_takes_its_title_initials_and_possessive(text: str, value: str) -> None:
    terms = case_terms([CasePerson("Anthony", "Brennan")])
    assert found(text, terms) == {value: "PERSON"}


def test_case_name_without_its_apostrophe_or_space() -> None:
    terms = case_terms([CasePerson("Kerry-Ann", "O'Neill"), CasePerson("Siobhan", "Mac Giolla")])
    text = "Kerry Ann ONeill and SIOBHAN MACGIOLLA"
    assert [text[s.start : s.end] for s in propose(text, terms)] == [
        "Kerry Ann ONeill",
        "SIOBHAN MACGIOLLA",
    ]


def test_a_lone_capital_word_before_a_name_is_not_an_initial() -> None:
    terms = case_terms([CasePerson("Anthony", "Brennan")])
    text = "A Brennan came and I Brennan left"
    assert [text[s.start : s.end] for s in propose(text, terms)] == ["Brennan", "Brennan"]


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("Subject arrested. Age 41. NI no.", "41", "AGE"),
        ("Noah (aged 6) present", "6", "AGE"),
        ("a 34-year-old man", "34-year-old", "AGE"),
        ("Kyle (9 yrs) at home", "9 yrs", "AGE"),
        ("an old van G 788 LMX outside", "G 788 LMX", "UK_VEHICLE_REGISTRATION"),
        ("his R 123 ABC has a flat", "R 123 ABC", "UK_VEHICLE_REGISTRATION"),
        ("an ABC 123D parked", "ABC 123D", "UK_VEHICLE_REGISTRATION"),
        ("outside Greenacres Primary at 3", "Greenacres Primary", "ADDRESS"),
        ("at St Mary's Primary School today", "St Mary's Primary School", "ADDRESS"),
        ("sent to Flat C, 3 Drummond Place please", "Flat C, 3 Drummond Place", "ADDRESS"),
        ("outside 17 Carr Bank rn", "17 Carr Bank", "ADDRESS"),
        ("on Holly Rd at 3", "Holly Rd", "ADDRESS"),
        ("to Apt. 5, 22 Market Place now", "Apt. 5, 22 Market Place", "ADDRESS"),
        ("keeper Dean WHITLOCK (41) of", "41", "AGE"),
    ],
)
def test_generalised_recognisers(text: str, value: str, entity: str) -> None:
    assert found(text) == {value: entity}


@pytest.mark.parametrize(
    "text",
    [
        "Crime ref 01/123456/26, CAD 4471 of 02/02/26, log 0912.",
        "Exhibits AR/1 and KS/14 booked in at 19:05 and 21:30 hrs.",
        "Receipts £1,200.00, £75 and £3.50.",
        "Offences under s.2A and s.4A PHA 1997 and s.76 SCA 2015.",
        "Order made 12/11/2014, varied 3 March 2019.",
        "Judgment dated 2 May 2008 is cited.",
        "App version 10.2.14 and UFED 7.68.0.32 were used.",
        "The hearing is at Manchester Magistrates' Court.",
        "I have worked there for 14 years; page 41 refers.",
        "See Item (22) and paragraph (12) of Annex B (12 pages).",
        "Fri 23 Jan, 01:12: answer ur phone",
        "The helpline is 0800 802 0300 or 0808 802 0300.",
    ],
)
def test_hard_negatives_are_not_proposed(text: str) -> None:
    assert found(text) == {}
