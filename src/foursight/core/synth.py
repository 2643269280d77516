"""Seeded synthetic reports for the demo, tests and benchmarks (Faker, en_GB).

About two thirds of reports name a repeat suspect, and each report records that suspect a
little differently (spelling, nickname, date-of-birth slips, a new phone), as real reports
do. ``truth`` on every suspect says who they really are, for measuring linkage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from faker import Faker

from foursight.core import reference

NICKNAMES = {
    "William": "Bill",
    "Robert": "Bob",
    "James": "Jim",
    "Michael": "Mike",
    "Daniel": "Danny",
    "Thomas": "Tom",
    "Christopher": "Chris",
    "Anthony": "Tony",
    "Matthew": "Matt",
    "Joseph": "Joe",
    "Richard": "Rick",
    "Edward": "Ed",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Alexander": "Alex",
    "Jonathan": "Jon",
    "Nicholas": "Nick",
    "Stephen": "Steve",
    "Andrew": "Andy",
    "David": "Dave",
}
RELATIONSHIP_WEIGHTS = {
    "ex_partner": 45,
    "acquaintance": 15,
    "stranger": 9,
    "colleague": 6,
    "online_only": 8,
    "neighbour": 5,
    "family": 4,
    "client": 3,
    "unknown": 5,
}
OFFENCE_WEIGHTS = {
    "8Q": 40,
    "8L": 25,
    "8R": 12,
    "BRO": 6,
    "BSPO": 2,
    "3A": 4,
    "8M": 3,
    "NFS": 2,
    "105A": 3,
    "8U": 2,
    "8P": 1,
}
OUTCOME_WEIGHTS = {
    "16": 33,
    "15": 18,
    "14": 9,
    "1": 14,
    "18": 8,
    "21": 5,
    "8": 3,
    "3": 3,
    "9": 2,
    "10": 2,
    "22": 2,
    "20": 1,
}
CHANNEL_WEIGHTS = {
    "in_person": 15,
    "phone_101": 30,
    "phone_999": 10,
    "online": 35,
    "third_party": 7,
    "anonymous": 3,
}
BEHAVIOUR_WEIGHTS = {
    "contacting": 40,
    "following": 10,
    "loitering": 10,
    "monitoring_online": 10,
    "turning_up": 10,
    "watching": 6,
    "threats": 8,
    "third_party_contact": 6,
    "gifts": 3,
    "interfering_property": 4,
    "damage": 2,
    "image_abuse": 2,
    "tracking": 2,
    "verbal_abuse": 4,
    "violence": 1,
    "publishing": 2,
}


@dataclass
class SynthPerson:
    first_names: str
    surname: str
    birth: tuple[int | None, int | None, int | None]
    gender: str
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    handles: list[tuple[str, str]] = field(default_factory=list)
    postcode: str = ""
    truth: int = 0


@dataclass
class SynthOccasion:
    started_at: datetime
    ended_at: datetime | None
    behaviours: list[str]
    location: str
    description: str
    source: str


@dataclass
class SynthOutcome:
    code: str
    outcome_date: datetime
    charge: str
    charged_on: datetime | None
    first_hearing: datetime | None
    trial_date: datetime | None
    withdrawal_reason: str


@dataclass
class SynthReport:
    borough: str
    reported_at: datetime
    channel: str
    summary: str
    offences: list[str]
    victim: SynthPerson
    suspect: SynthPerson
    relationship: str
    occasions: list[SynthOccasion]
    outcome: SynthOutcome | None


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.random()
    if kind < 0.4:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind < 0.7:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def _uk_mobile(rng: random.Random) -> str:
    return (
        f"07700 9{rng.randrange(0, 100000):05d}"
        if rng.random() < 0.5
        else f"07{rng.randrange(100000000, 999999999)}"
    )


def vary(rng: random.Random, person: SynthPerson) -> SynthPerson:
    """One report's version of a person: realistic recording differences."""
    first, surname = person.first_names, person.surname
    if rng.random() < 0.15 and first in NICKNAMES:
        first = NICKNAMES[first]
    elif rng.random() < 0.1:
        first = _typo(rng, first)
    if rng.random() < 0.1:
        surname = _typo(rng, surname)
    year, month, day = person.birth
    roll = rng.random()
    if roll < 0.1:
        year, month, day = None, None, None
    elif roll < 0.15:
        month, day = None, None
    elif roll < 0.2 and day is not None and month is not None and day <= 12:
        month, day = day, month
    phones = (
        []
        if rng.random() < 0.2
        else ([_uk_mobile(rng)] if rng.random() < 0.25 else list(person.phones))
    )
    phones = [
        p.replace(" ", "").replace("07", "+447", 1) if rng.random() < 0.3 else p for p in phones
    ]
    emails = list(person.emails) if rng.random() < 0.6 else []
    handles = list(person.handles) if rng.random() < 0.5 else []
    return SynthPerson(
        first,
        surname,
        (year, month, day),
        person.gender,
        phones,
        emails,
        handles,
        person.postcode if rng.random() < 0.7 else "",
        person.truth,
    )


def _person(
    fake: Faker, rng: random.Random, gender: str, truth: int, age: tuple[int, int]
) -> SynthPerson:
    first = fake.first_name_male() if gender == "male" else fake.first_name_female()
    if gender == "male" and rng.random() < 0.3:
        first = rng.choice(list(NICKNAMES))
    surname = fake.last_name()
    dob = fake.date_of_birth(minimum_age=age[0], maximum_age=age[1])
    email = f"{first.lower()}.{surname.lower()}{rng.randrange(1, 99)}@{rng.choice(['gmail.com', 'outlook.com', 'yahoo.co.uk'])}"
    handle = (
        rng.choice(["instagram", "facebook", "tiktok", "x"]),
        f"{first.lower()}_{surname.lower()}{rng.randrange(10, 99)}",
    )
    return SynthPerson(
        first,
        surname,
        (dob.year, dob.month, dob.day),
        gender,
        [_uk_mobile(rng)],
        [email],
        [handle],
        fake.postcode(),
        truth,
    )


def generate(
    *, seed: int = 4, reports: int = 2000, months: int = 24, end: datetime | None = None
) -> list[SynthReport]:
    """``reports`` synthetic reports over ``months`` months ending at ``end`` (UTC)."""
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    end = (end or datetime(2026, 11, 1, tzinfo=UTC)).astimezone(UTC)
    start = end - timedelta(days=int(months * 30.44))
    span = (end - start).total_seconds()
    boroughs = [b for bcu in reference.load("units")["bcus"] for b in bcu["boroughs"]]
    # Two thirds of reports come from repeat suspects, each with 2 to 8 reports.
    repeat_slots: list[int] = []
    truth = 0
    while len(repeat_slots) < reports * 2 // 3:
        truth += 1
        repeat_slots += [truth] * min(
            rng.choice([2, 2, 2, 3, 3, 4, 5, 8]), reports * 2 // 3 - len(repeat_slots)
        )
    one_off = [truth + i + 1 for i in range(reports - len(repeat_slots))]
    slots = repeat_slots + one_off
    rng.shuffle(slots)
    offenders: dict[int, tuple[SynthPerson, str]] = {}
    out = []
    for slot in slots:
        if slot not in offenders:
            gender = "male" if rng.random() < 0.82 else "female"
            offenders[slot] = (_person(fake, rng, gender, slot, (18, 65)), rng.choice(boroughs))
        offender, home = offenders[slot]
        victim_gender = "female" if rng.random() < 0.8 else "male"
        victim = _person(fake, rng, victim_gender, 0, (16, 75))
        reported = start + timedelta(seconds=rng.random() * span)
        borough = home if rng.random() < 0.7 else rng.choice(boroughs)
        offences = [_pick(rng, OFFENCE_WEIGHTS)]
        if rng.random() < 0.2:
            extra = _pick(rng, OFFENCE_WEIGHTS)
            if extra not in offences:
                offences.append(extra)
        out.append(
            SynthReport(
                borough=borough,
                reported_at=reported,
                channel=_pick(rng, CHANNEL_WEIGHTS),
                summary=_summary(offences, relationship := _pick(rng, RELATIONSHIP_WEIGHTS)),
                offences=offences,
                victim=victim,
                suspect=vary(rng, offender),
                relationship=relationship,
                occasions=_occasions(rng, fake, reported),
                outcome=_outcome(rng, reported, end, offences),
            )
        )
    out.sort(key=lambda r: r.reported_at)
    return out


def _occasions(rng: random.Random, fake: Faker, reported: datetime) -> list[SynthOccasion]:
    count = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 12])
    first = reported - timedelta(days=rng.randrange(3, 120))
    step = max((reported - first).total_seconds() / count, 3600)
    out = []
    for i in range(count):
        started = first + timedelta(seconds=i * step + rng.random() * step * 0.5)
        behaviours = sorted(
            {_pick(rng, BEHAVIOUR_WEIGHTS) for _ in range(rng.choice([1, 1, 2, 3]))}
        )
        ended = started + timedelta(minutes=rng.randrange(1, 240)) if rng.random() < 0.5 else None
        out.append(
            SynthOccasion(
                started,
                ended,
                behaviours,
                fake.street_name(),
                _account(behaviours),
                rng.choice(["victim_statement", "victim_statement", "officer", "victim_diary"]),
            )
        )
    return out


def _outcome(
    rng: random.Random, reported: datetime, end: datetime, offences: list[str]
) -> SynthOutcome | None:
    age_days = (end - reported).days
    if (age_days < 60 and rng.random() < 0.8) or rng.random() < 0.08:
        return None
    code = _pick(rng, OUTCOME_WEIGHTS)
    decided = min(reported + timedelta(days=rng.randrange(14, 180)), end)
    names = reference.code_names(reference.offences())
    charge = names[offences[0]] if code == "1" else ""
    charged_on = decided if code == "1" else None
    hearing = decided + timedelta(days=rng.randrange(1, 28)) if charged_on else None
    trial = (
        hearing + timedelta(days=rng.randrange(60, 300)) if hearing and rng.random() < 0.5 else None
    )
    reason = ""
    if code in ("14", "16"):
        reason = rng.choice([c.code for c in reference.withdrawal_reasons()])
    return SynthOutcome(code, decided, charge, charged_on, hearing, trial, reason)


SUMMARIES = {
    "ex_partner": "Victim reports repeated unwanted contact from a former partner since the relationship ended",
    "acquaintance": "Victim reports unwanted attention from an acquaintance that has continued after being asked to stop",
    "stranger": "Victim reports being followed and contacted by a man she does not know",
    "colleague": "Victim reports repeated unwanted messages and approaches from a colleague",
    "online_only": "Victim reports persistent messages from accounts she has blocked, some newly created",
    "neighbour": "Victim reports a neighbour watching the house and leaving notes",
    "family": "Victim reports repeated contact from a family member despite requests to stop",
    "client": "Victim reports a former client contacting her workplace and home",
    "unknown": "Victim reports repeated contact from a person not yet identified",
}
ACCOUNTS = {
    "contacting": "Calls and messages through the evening, several from a withheld number.",
    "following": "Followed from the station to her street.",
    "loitering": "Seen waiting outside her workplace at the end of her shift.",
    "monitoring_online": "Commented on her private posts within minutes of them going up.",
    "turning_up": "Arrived at her door uninvited and would not leave.",
    "watching": "Sat in a parked car opposite her home for about an hour.",
    "threats": "Message saying she would regret ignoring him.",
    "third_party_contact": "Contacted her sister asking where she was staying.",
    "gifts": "Flowers left on the doorstep with an unsigned card.",
    "interfering_property": "Her car tyres were found let down.",
    "damage": "Wing mirror of her car broken overnight.",
    "image_abuse": "Threatened to send private photos to her employer.",
    "tracking": "A tracking device was found on her car.",
    "verbal_abuse": "Shouted abuse at her in the street.",
    "violence": "Grabbed her arm and pushed her against a wall.",
    "publishing": "Posted about her on a public forum.",
    "breach_of_order": "Contact despite the order in force.",
}


def _summary(offences: list[str], relationship: str) -> str:
    names = reference.code_names(reference.offences())
    return f"{SUMMARIES[relationship]}. Recorded as {names[offences[0]].lower()}."


def _account(behaviours: list[str]) -> str:
    return " ".join(ACCOUNTS[b] for b in behaviours)
