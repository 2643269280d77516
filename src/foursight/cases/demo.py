"""The demo loader: a seeded synthetic force (about 2,000 reports) and one account per role.

It is an action like any other: one transaction, one audit entry. Rows are written in
bulk so that ``make run`` is ready in seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from foursight.accounts.models import Role, Unit, User
from foursight.accounts.passwords import check_strength
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import AdvocateAssignment, Occasion, Offence, Outcome, Party, Report
from foursight.core import synth
from foursight.core.identifiers import (
    normalise_email,
    normalise_handle,
    normalise_phone,
    normalise_postcode,
)
from foursight.errors import Conflict
from foursight.people.models import Identifier, Person, ProtectedAccessGrant

SIZES = {"small": 2000, "medium": 20000}
# The documented demo password; it passes the password validators like any other.
DEFAULT_PASSWORD = "foursight-demo"  # noqa: S105


# A report is domestic abuse when the suspect is a partner, ex-partner or family member
# (Domestic Abuse Act 2021 s.2), and has a cyber element when its offences or behaviours
# used online or digital means.
DOMESTIC_RELATIONSHIPS = frozenset({"partner", "ex_partner", "family"})
CYBER_OFFENCES = frozenset({"8R", "CA127", "8U", "66A", "66B", "66B-T"})
CYBER_BEHAVIOURS = frozenset({"monitoring_online", "publishing", "image_abuse", "tracking"})


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role, unit code) for every demo account."""
    accounts: list[tuple[str, str, str]] = [
        ("officer.cn", Role.OFFICER, "CN"),
        ("officer.ne", Role.OFFICER, "NE"),
        ("supervisor.cn", Role.SUPERVISOR, "CN"),
        ("stac", Role.STAC, "MPS"),
        ("pou", Role.OFFENDER_UNIT, "MPS"),
        ("advocate", Role.ADVOCATE, "MPS"),
        ("analyst", Role.ANALYST, "MPS"),
        ("admin", Role.ADMIN, "MPS"),
    ]
    for bcu in Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"):
        code = bcu.code.lower()
        if code not in ("cn", "ne"):
            accounts.append((f"officer.{code}", Role.OFFICER, bcu.code))
        if code != "cn":
            accounts.append((f"supervisor.{code}", Role.SUPERVISOR, bcu.code))
    return accounts


def _person(p: synth.SynthPerson) -> Person:
    year, month, day = p.birth
    return Person(
        first_names=p.first_names,
        surname=p.surname,
        birth_year=year,
        birth_month=month,
        birth_day=day,
        gender=p.gender,
    )


def _identifiers(person: Person, p: synth.SynthPerson) -> list[Identifier]:
    out = [
        Identifier(person=person, kind="phone", raw=x, normalised=normalise_phone(x) or "")
        for x in p.phones
    ]
    out += [
        Identifier(person=person, kind="email", raw=x, normalised=normalise_email(x) or "")
        for x in p.emails
    ]
    out += [
        Identifier(
            person=person, kind="handle", raw=h, normalised=normalise_handle(h) or "", platform=plat
        )
        for plat, h in p.handles
    ]
    if p.postcode:
        pc = normalise_postcode(p.postcode) or ""
        out.append(
            Identifier(
                person=person, kind="address", raw=p.postcode, normalised=f"|{pc}", postcode=pc
            )
        )
    return out


def has_data() -> bool:
    return Report.objects.exists()


def reset() -> None:
    """Remove every report, person and demo account, with what the apps hung on them.

    The audit log and the units stay (the log is append-only). Tables are emptied in
    passes, so that a table protected by another app's references waits for them.
    """
    from django.apps import apps
    from django.db.models import ProtectedError

    from foursight.server.apps import DOMAIN_APPS

    pending = [
        model
        for app in reversed(DOMAIN_APPS)
        if app not in ("audit", "accounts")
        for model in reversed(list(apps.get_app_config(app).get_models()))
    ]
    with transaction.atomic():
        for _ in range(len(pending) + 1):
            blocked = []
            for model in pending:
                try:
                    with transaction.atomic():
                        model._default_manager.all().delete()
                except ProtectedError:
                    blocked.append(model)
            pending = blocked
            if not pending:
                break
        if pending:
            raise Conflict(f"demo reset: could not empty {', '.join(m.__name__ for m in pending)}")
        User.objects.filter(username__in=[a[0] for a in demo_accounts()]).delete()
        record(None, Verb.DELETED, "demo", detail={"reset": True})


def _accounts(password: str) -> list[User]:
    bcus = {u.code: u for u in Unit.objects.filter(kind__in=[Unit.Kind.BCU, Unit.Kind.FORCE])}
    hashed = make_password(password)
    return User.objects.bulk_create(
        [
            User(
                username=name,
                role=role,
                unit=bcus[unit],
                password=hashed,
                email=f"{name}@demo.invalid",
            )
            for name, role, unit in demo_accounts()
        ]
    )


def _people(reports: list[synth.SynthReport]) -> tuple[list[Person], list[Person]]:
    """Each report's victim and suspect, with their identifiers."""
    persons = Person.objects.bulk_create(
        [_person(r.victim) for r in reports] + [_person(r.suspect) for r in reports]
    )
    victims, suspects = persons[: len(reports)], persons[len(reports) :]
    idents: list[Identifier] = []
    for r, v, s in zip(reports, victims, suspects, strict=True):
        idents += _identifiers(v, r.victim) + _identifiers(s, r.suspect)
    Identifier.objects.bulk_create(idents, batch_size=2000)
    return victims, suspects


def _reports(reports: list[synth.SynthReport], officers: dict[str, User]) -> list[Report]:
    """The reports, numbered per BCU and year, allocated to the BCU's demo officer."""
    units = {
        u.name: u for u in Unit.objects.filter(kind=Unit.Kind.BOROUGH).select_related("parent")
    }
    counters: dict[str, int] = {}
    rows = []
    for r in reports:
        unit = units[r.borough]
        prefix = f"{unit.parent.code if unit.parent else unit.code}-{r.reported_at:%y}-"
        counters[prefix] = counters.get(prefix, 0) + 1
        status = "closed" if r.outcome else "open"
        if r.outcome and r.outcome.code == "1" and not r.outcome.trial_date:
            status = "suspect_charged"
        bcu_code = unit.parent.code if unit.parent else ""
        referred = "8Q" in r.offences and len(r.occasions) >= 6
        rows.append(
            Report(
                reference=f"{prefix}{counters[prefix]:06d}",
                unit=unit,
                reported_at=r.reported_at,
                channel=r.channel,
                status=status,
                summary=r.summary,
                allocated_officer=officers.get(bcu_code),
                review_due=(r.reported_at + timedelta(days=28)).date()
                if status == "open"
                else None,
                stac_referred_at=r.reported_at + timedelta(days=7) if referred else None,
                stac_reason=f"Stalking on {len(r.occasions)} occasions; the victim is frightened."
                if referred
                else "",
                stac_referred_by=officers.get(bcu_code) if referred else None,
                domestic_abuse=r.relationship in DOMESTIC_RELATIONSHIPS,
                cyber_element=bool(
                    CYBER_OFFENCES & set(r.offences)
                    or any(CYBER_BEHAVIOURS & set(o.behaviours) for o in r.occasions)
                ),
            )
        )
    return Report.objects.bulk_create(rows, batch_size=1000)


def _outcome(rep: Report, outcome: synth.SynthOutcome) -> Outcome:
    def day(value: datetime | None) -> date | None:
        return value.date() if value else None

    return Outcome(
        report=rep,
        code=outcome.code,
        outcome_date=outcome.outcome_date.date(),
        charge=outcome.charge,
        charged_on=day(outcome.charged_on),
        first_hearing=day(outcome.first_hearing),
        trial_date=day(outcome.trial_date),
        withdrawal_reason=outcome.withdrawal_reason,
    )


def _details(
    saved: list[Report],
    reports: list[synth.SynthReport],
    victims: list[Person],
    suspects: list[Person],
) -> list[Party]:
    """Offences, parties, occasions and outcomes of the saved reports; returns the victims."""
    pairs = list(zip(saved, reports, strict=True))
    Offence.objects.bulk_create(
        [Offence(report=rep, code=c) for rep, r in pairs for c in r.offences], batch_size=2000
    )
    parties = Party.objects.bulk_create(
        [Party(report=rep, person=v, role="victim") for rep, v in zip(saved, victims, strict=True)]
        + [
            Party(report=rep, person=s, role="suspect", relationship=r.relationship)
            for rep, s, r in zip(saved, suspects, reports, strict=True)
        ],
        batch_size=2000,
    )
    Occasion.objects.bulk_create(
        [
            Occasion(
                report=rep,
                started_at=o.started_at,
                ended_at=o.ended_at,
                behaviours=o.behaviours,
                location=o.location,
                description=o.description,
                source=o.source,
            )
            for rep, r in pairs
            for o in r.occasions
        ],
        batch_size=2000,
    )
    Outcome.objects.bulk_create(
        [_outcome(rep, r.outcome) for rep, r in pairs if r.outcome], batch_size=2000
    )
    return parties[: len(reports)]


def _advocates_and_protection(
    victim_parties: list[Party], by_name: dict[str, User], officers: dict[str, User]
) -> None:
    """Every 20th victim referred to the advocate; some protected, granted to their officer."""
    AdvocateAssignment.objects.bulk_create(
        [
            AdvocateAssignment(
                party=p,
                advocate=by_name["advocate"],
                consent_reference=f"CONSENT-{p.report_id}",
            )
            for p in victim_parties[::20]
        ]
    )
    protected = list(victim_parties[7::97])
    Person.objects.filter(pk__in=[p.person_id for p in protected]).update(protected=True)
    ProtectedAccessGrant.objects.bulk_create(
        [
            ProtectedAccessGrant(
                person_id=p.person_id,
                user=officers[p.report.unit.parent.code],
                granted_by=by_name["admin"],
                reason="allocated officer (demo)",
            )
            for p in protected
            if p.report.unit.parent and p.report.unit.parent.code in officers
        ]
    )


def _quiet(text: str) -> None:
    """The default progress: say nothing."""


def load(
    *,
    size: str = "small",
    password: str = DEFAULT_PASSWORD,
    seed: int = 4,
    progress: Callable[[str], None] = _quiet,
) -> dict[str, Any]:
    """Create the demo accounts and ``SIZES[size]`` synthetic reports; refuse if data exists.

    The password passes the same validators as any other (the default does). ``progress``
    is told each step as it finishes, with its counts (the command line prints them).
    """
    for name, _, _ in demo_accounts():
        check_strength(password, User(username=name, email=f"{name}@demo.invalid"))
    if has_data():
        raise Conflict(
            "The database already holds reports: use --reset to replace them with the demo."
        )
    progress(f"generating {SIZES[size]} synthetic reports (seed {seed}) ...")
    reports = synth.generate(seed=seed, reports=SIZES[size])
    with transaction.atomic():
        users = _accounts(password)
        progress(f"accounts: {len(users)} (one per role, an officer and a supervisor per BCU)")
        by_name = {u.username: u for u in users}
        officers = {u.unit.code: u for u in users if u.role == Role.OFFICER}
        victims, suspects = _people(reports)
        progress(
            f"people: {len(victims)} victims and {len(suspects)} suspects, "
            f"{Identifier.objects.count()} phone numbers, emails, handles and addresses"
        )
        saved = _reports(reports, officers)
        progress(f"reports: {len(saved)}, numbered per BCU and year")
        victim_parties = _details(saved, reports, victims, suspects)
        progress(
            f"offences: {Offence.objects.count()}, occasions: {Occasion.objects.count()}, "
            f"outcomes: {Outcome.objects.count()}"
        )
        _advocates_and_protection(victim_parties, by_name, officers)
        progress(
            f"advocate referrals: {AdvocateAssignment.objects.count()}, "
            f"protected victims: {Person.objects.filter(protected=True).count()}"
        )
        summary = {
            "reports": len(saved),
            "persons": len(victims) + len(suspects),
            "users": len(users),
            "size": size,
        }
        record(None, Verb.DEMO_LOADED, "demo", detail=summary)
    return summary
