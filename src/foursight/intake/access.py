"""Gatekeepers for intake: who triages what, who sees intelligence about a person.

* officers and supervisors triage their own BCU's online reports, diary entries and
  anonymous information (information with no postcode is in every BCU's queue);
  administrators triage everything; no other role triages;
* graded intelligence about a person is seen by the roles that see suspects (never by
  advocates or analysts), as its sanitised wording and grade.

Missing and forbidden records both answer NotFound.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import Role, User
from foursight.cases.access import visible_reports
from foursight.errors import Forbidden, NotFound
from foursight.intake.models import DiaryEntry, IntelligenceItem, OnlineReport
from foursight.people.models import Person

TRIAGE_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})


def may_triage(user: User) -> bool:
    return user.role in TRIAGE_ROLES


def require_triage(user: User) -> None:
    if not may_triage(user):
        raise Forbidden("Only officers, supervisors and administrators triage.")


def triage_reports(user: User) -> QuerySet[OnlineReport]:
    if not may_triage(user):
        return OnlineReport.objects.none()
    return OnlineReport.objects.filter(report__in=visible_reports(user)).select_related("report")


def visible_information(user: User) -> QuerySet[IntelligenceItem]:
    items = IntelligenceItem.objects.select_related("unit", "person")
    if user.role == Role.ADMIN:
        return items
    if user.role not in (Role.OFFICER, Role.SUPERVISOR):
        return items.none()
    bcu = user.home_bcu_id
    return items.filter(Q(unit__isnull=True) | Q(unit_id=bcu) | Q(unit__parent_id=bcu))


def triage_diary(user: User) -> QuerySet[DiaryEntry]:
    if not may_triage(user):
        return DiaryEntry.objects.none()
    return DiaryEntry.objects.filter(report__in=visible_reports(user)).select_related("report")


def online_report_for(user: User, online_id: int) -> OnlineReport:
    found = triage_reports(user).filter(pk=online_id).first()
    if found is None:
        raise NotFound("online report")
    return found


def information_for(user: User, item_id: int) -> IntelligenceItem:
    found = visible_information(user).filter(pk=item_id).first()
    if found is None:
        raise NotFound("intelligence item")
    return found


def diary_entry_for(user: User, entry_id: int) -> DiaryEntry:
    found = triage_diary(user).filter(pk=entry_id).first()
    if found is None:
        raise NotFound("diary entry")
    return found


def intelligence_about(user: User, person: Person) -> QuerySet[IntelligenceItem]:
    """Graded items linked to ``person`` that ``user`` may see (the person is already
    visible to them through the people gatekeeper)."""
    if not sees_suspects(user):
        return IntelligenceItem.objects.none()
    return IntelligenceItem.objects.filter(person=person).exclude(source_evaluation="")


def graded_intelligence(persons: list[Person]) -> QuerySet[IntelligenceItem]:
    """Graded items linked to any of ``persons`` (callers have checked the persons)."""
    return IntelligenceItem.objects.filter(person__in=persons).exclude(source_evaluation="")


def intelligence_for(user: User, items: QuerySet[IntelligenceItem]) -> QuerySet[IntelligenceItem]:
    """``items`` if the user's role sees intelligence about suspects, else none."""
    return items if sees_suspects(user) else items.none()
