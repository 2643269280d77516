"""Pages for persons: search and the person page with every report they appear on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foursight.accounts.access import sees_suspects, sees_victims
from foursight.accounts.models import Role
from foursight.accounts.views import page_justification, page_user
from foursight.cases.access import visible_reports
from foursight.cases.models import Party
from foursight.people.access import person_for
from foursight.people.api import filter_persons
from foursight.server.context import panels


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    query = request.GET.get("q", "")
    page = None
    if "q" in request.GET:
        persons = filter_persons(user, query, page_justification(request))
        page = Paginator(persons, 25).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"q": query, "page": page})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    user = page_user(request)
    person = person_for(user, person_id, justification=page_justification(request))
    appearances = (
        Party.objects.filter(person=person, report__in=visible_reports(user).values("pk"))
        .select_related("report", "report__unit")
        .order_by("-report__reported_at")
    )
    if not sees_suspects(user):
        appearances = appearances.exclude(role=Party.Role.SUSPECT)
    if not sees_victims(user):
        appearances = (
            appearances.filter(role=Party.Role.SUSPECT)
            if user.role != Role.ADVOCATE
            else (appearances.filter(advocates__advocate=user))
        )
    context = {
        "person": person,
        "identifiers": person.identifiers.all(),
        "aliases": person.aliases.all(),
        "appearances": appearances,
        "panels": panels("person_panels", request, user, person),
    }
    return render(request, "people/person_detail.html", context)
