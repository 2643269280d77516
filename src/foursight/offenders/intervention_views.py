"""Pages for perpetrator interventions: the person-page and STAC-case panels and their forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import User
from foursight.accounts.views import page_justification, page_user
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.cases.models import Party, Report
from foursight.core.interventions import KINDS, STATUSES
from foursight.offenders import intervention_actions as actions
from foursight.offenders.intervention_access import (
    INTERVENTION_WRITERS,
    intervention_for,
    interventions_of,
)
from foursight.offenders.intervention_models import Intervention
from foursight.offenders.intervention_serialise import intervention_out
from foursight.people.access import can_see_person
from foursight.people.models import Person
from foursight.people.views import person_detail
from foursight.server.forms import DayField, Field, cleaned, redisplay

REFER_FIELDS = {
    "kind": Field("iv-kind", "Intervention"),
    "provider": Field("iv-provider", "Programme or service"),
    "status": Field("iv-status", "Status"),
    "on": Field("iv-on", "Date of that status"),
    "report_id": Field("iv-report", "Report it arises from"),
    "mappa_category": Field("iv-cat", "MAPPA category"),
    "mappa_level": Field("iv-level", "MAPPA level"),
    "review_on": Field("iv-review", "Next MAPPA review"),
    "notes": Field("iv-notes", "Notes"),
}


class ReferForm(forms.Form):
    kind = forms.ChoiceField(choices=list(KINDS.items()))
    status = forms.ChoiceField(choices=list(STATUSES.items()))
    on = DayField(label="Date of that status")
    provider = forms.CharField(required=False, max_length=200)
    report_id = forms.IntegerField(required=False)
    mappa_category = forms.IntegerField(required=False)
    mappa_level = forms.IntegerField(required=False)
    review_on = DayField(required=False, label="Next MAPPA review")
    notes = forms.CharField(required=False, max_length=4000)


STATUS_LABELS = {"status": "New status", "on": "On", "reason": "Reason"}
REVIEW_LABELS = {
    "held_on": "Held on",
    "mappa_level": "Level (1 to 3)",
    "next_review_on": "Next review",
    "notes": "Notes",
}


def _per_item(
    kind: str, labels: dict[str, str]
) -> tuple[Callable[[int], str], Callable[[int], dict[str, Field]]]:
    """The form name (``status-12``) and fields of one intervention's ``kind`` form, as
    functions of the URL's ``intervention_id`` (for :func:`redisplay`)."""

    def name(intervention_id: int) -> str:
        return f"{kind}-{intervention_id}"

    def fields(intervention_id: int) -> dict[str, Field]:
        form = name(intervention_id)
        return {key: Field(f"{form}-{key}", label) for key, label in labels.items()}

    return name, fields


_status_form, _status_fields = _per_item("status", STATUS_LABELS)
_review_form, _review_fields = _per_item("review", REVIEW_LABELS)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=list(STATUSES.items()))
    on = DayField(label="On")
    reason = forms.CharField(required=False, max_length=2000)


class ReviewForm(forms.Form):
    held_on = DayField(label="Held on")
    mappa_level = forms.IntegerField()
    next_review_on = DayField(required=False, label="Next review")
    notes = forms.CharField(required=False, max_length=4000)


def _clean(form: forms.Form, fields: dict[str, Field] | None = None) -> dict[str, Any]:
    ids = {name: f.id for name, f in (fields or {}).items()}
    return dict(cleaned(form, ids))


def _context(user: User, person: Person, items: list[Intervention]) -> dict[str, Any]:
    reports = Report.objects.filter(
        parties__person=person, parties__role=Party.Role.SUSPECT
    ).order_by("-reported_at")
    return {
        "person": person,
        "items": [
            {
                **intervention_out(i),
                "status_form": _status_form(i.pk),
                "review_form": _review_form(i.pk),
            }
            for i in items
        ],
        "can_write": user.role in INTERVENTION_WRITERS,
        "kinds": list(KINDS.items()),
        "statuses": list(STATUSES.items()),
        "report_choices": [("", "None")] + [(r.pk, r.reference) for r in reports],
    }


def person_panel(request: HttpRequest, user: User, person: Person) -> str:
    """A suspect's interventions, with forms to refer, move status and record reviews."""
    if not sees_suspects(user):
        return ""
    if not person.parties.filter(role=Party.Role.SUSPECT).exists():
        return ""
    items = list(interventions_of(person))
    record(user, Verb.VIEWED, "interventions", person.pk, justification=page_justification(request))
    return render_to_string(
        "offenders/_interventions_panel.html", _context(user, person, items), request=request
    )


def stac_panel(request: HttpRequest, user: User, report: Report) -> str:
    """The interventions of a STAC case's suspects (those the user may see)."""
    if not sees_suspects(user):
        return ""
    suspects = [
        p.person
        for p in report.parties.filter(role=Party.Role.SUSPECT).select_related("person")
        if can_see_person(user, p.person)
    ]
    rows = [
        {"person": s, "items": [intervention_out(i) for i in interventions_of(s)]} for s in suspects
    ]
    for s in suspects:
        record(user, Verb.VIEWED, "interventions", s.pk, justification=page_justification(request))
    return render_to_string(
        "offenders/_stac_interventions.html", {"rows": rows, "report": report}, request=request
    )


@login_required
@require_POST
@redisplay(person_detail, "intervention", REFER_FIELDS)
def refer_page(request: HttpRequest, person_id: int) -> HttpResponse:
    data = _clean(ReferForm(request.POST), REFER_FIELDS)
    cmd = actions.ReferToIntervention(person_id=person_id, **data)
    actions.refer(page_user(request), cmd, justification=page_justification(request))
    messages.success(request, "Intervention recorded")
    return redirect(f"/persons/{person_id}#interventions")


def _intervention_person_page(request: HttpRequest, intervention_id: int) -> HttpResponse:
    """The person page of an intervention's subject (a refused status or review form is
    shown there again)."""
    user = page_user(request)
    found = intervention_for(
        user, intervention_id, justification=page_justification(request), audit=False
    )
    return person_detail(request, found.person_id)


@login_required
@require_POST
@redisplay(_intervention_person_page, _status_form, _status_fields)
def status_page(request: HttpRequest, intervention_id: int) -> HttpResponse:
    data = _clean(StatusForm(request.POST), _status_fields(intervention_id))
    cmd = actions.ChangeInterventionStatus(intervention_id=intervention_id, **data)
    done = actions.change_status(page_user(request), cmd, justification=page_justification(request))
    messages.success(request, "Intervention status changed")
    return redirect(f"/persons/{done.person_id}#interventions")


@login_required
@require_POST
@redisplay(_intervention_person_page, _review_form, _review_fields)
def review_page(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user = page_user(request)
    intervention_for(user, intervention_id, justification=page_justification(request), audit=False)
    data = _clean(ReviewForm(request.POST), _review_fields(intervention_id))
    cmd = actions.RecordMappaReview(intervention_id=intervention_id, **data)
    review = actions.record_review(user, cmd, justification=page_justification(request))
    messages.success(request, "MAPPA review recorded")
    return redirect(f"/persons/{review.intervention.person_id}#interventions")
