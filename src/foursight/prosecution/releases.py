"""The releases page: suspects released or due for release from custody, with their risk
review, for the offender unit, the STAC, supervisors and admin."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from foursight.accounts.models import Role
from foursight.accounts.views import page_justification, page_user
from foursight.cases.access import party_rule, search_reports
from foursight.cases.models import Party
from foursight.errors import NotFound
from foursight.people.access import can_see_person
from foursight.prosecution.models import Step
from foursight.risk.models import ReassessmentRequest

RELEASE_ROLES = frozenset({Role.OFFENDER_UNIT, Role.STAC, Role.SUPERVISOR, Role.ADMIN})
#: releases shown from this many days ago onwards (and every one ahead)
SINCE_DAYS = 30


@login_required
def releases_page(request: HttpRequest) -> HttpResponse:
    """Releases from custody in the last 30 days and ahead, on reports the user may see."""
    user = page_user(request)
    if user.role not in RELEASE_ROLES:
        raise NotFound("page")
    reports = search_reports(
        user, {"view": "releases from custody"}, justification=page_justification(request)
    )
    suspects = Party.objects.filter(party_rule(user), role=Party.Role.SUSPECT)
    since = timezone.localdate() - timedelta(days=SINCE_DAYS)
    steps = list(
        Step.objects.filter(
            kind="release",
            occurred_on__gte=since,
            report__in=reports.values("pk"),
            party__in=suspects.values("pk"),
        )
        .select_related("report", "party__person")
        .order_by("occurred_on", "id")[:200]
    )
    reviews = {
        r.pk: r
        for r in ReassessmentRequest.objects.filter(
            pk__in=[s.data.get("review_id") for s in steps if s.data.get("review_id")]
        )
    }
    rows = [
        {
            "on": s.occurred_on,
            "name": s.party.person.display_name
            if can_see_person(user, s.party.person)
            else "Protected person",
            "report": s.report,
            "party_id": s.party_id,
            "review": reviews.get(s.data.get("review_id")),
        }
        for s in steps
    ]
    return render(request, "prosecution/releases.html", {"rows": rows, "since": since})
