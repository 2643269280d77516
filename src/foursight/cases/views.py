"""Pages for reports: my work, search, the report page and its forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import justification_needed, may_write
from foursight.accounts.models import Role, Unit, User
from foursight.accounts.views import page_justification, page_user
from foursight.cases import actions, outcome_actions
from foursight.cases.access import report_for
from foursight.cases.api import ReportFilters, filter_reports
from foursight.cases.forms import (
    FlagsForm,
    OccasionForm,
    OutcomeForm,
    PartyForm,
    ReportFilterForm,
    ReportForm,
    form_errors,
)
from foursight.cases.models import Report
from foursight.cases.serialise import report_out
from foursight.core import disclosure, display, reference
from foursight.core.person_commands import CreatePerson, NewIdentifier
from foursight.core.report_commands import (
    AddOccasion,
    AddParty,
    CreateReport,
    SetOutcome,
    UpdateReport,
)
from foursight.errors import FoursightError, InvalidInput, JustificationRequired
from foursight.people import actions as people_actions
from foursight.server.context import panels
from foursight.server.forms import Field, bound, cleaned, redisplay, refuse, state


def analyst_aggregates() -> dict[str, Any]:
    """Reports per month by BCU over the last 12 months, released under the small-number
    rule (:mod:`foursight.core.disclosure`): below the threshold withheld, others rounded."""
    since = timezone.now() - timedelta(days=365)
    rows = (
        Report.objects.filter(reported_at__gte=since)
        .annotate(month=TruncMonth("reported_at"))
        .values("month", "unit__parent__code")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    bcus = list(
        Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code").values_list("code", flat=True)
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["month"].strftime("%Y-%m"), {})[row["unit__parent__code"]] = row["n"]
    limit = settings.SMALL_NUMBER_THRESHOLD
    months = [
        {"month": m, "cells": [disclosure.label(table[m].get(b, 0), limit) for b in bcus]}
        for m in sorted(table)
    ]
    return {"bcus": bcus, "months": months, "threshold": limit}


def my_work_context(request: HttpRequest, user: User) -> dict[str, Any]:
    """The My work page's own parts: the analyst's aggregates, or a prompt for a purpose.

    Each role's worklist is a home panel (``risk.worklist_panels`` for officers,
    supervisors, the STAC, advocates and admins; ``operations.worklist`` for the offender
    unit), so the reports are searched (and the search audited) once, there.
    """
    context: dict[str, Any] = {"user": user, "today": timezone.localdate()}
    if user.role == Role.ANALYST:
        context["aggregates"] = analyst_aggregates()
        return context
    if justification_needed(user, None) and len(page_justification(request).strip()) < 5:
        context["needs_purpose"] = True
    return context


@login_required
def home_page(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    context = my_work_context(request, user)
    context["role_label"] = Role(user.role).label
    context["panels"] = panels("home_panels", request, user, None)
    return render(request, "home.html", context)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    form = ReportFilterForm(request.GET or None)
    page = None
    error = ""
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            reports = filter_reports(user, ReportFilters(**data), page_justification(request))
            page = Paginator(reports.order_by("-reported_at", "-id"), 25).get_page(
                request.GET.get("page")
            )
        except JustificationRequired:
            raise
        except FoursightError as exc:
            error = exc.message
    elif form.is_bound:
        error = form_errors(form)
    template = (
        "cases/_results.html" if request.headers.get("HX-Request") else "cases/report_list.html"
    )
    return render(request, template, {"form": form, "page": page, "error": error})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    user = page_user(request)
    report = report_for(user, report_id, justification=page_justification(request))
    shown = report_out(user, report)
    behaviour_names = reference.code_names(reference.vocabulary("behaviours"))
    for occasion in shown["occasions"]:
        occasion["behaviour_names"] = [behaviour_names.get(b, "") for b in occasion["behaviours"]]
    context = {
        "report": shown,
        "can_write": may_write(user),
        "occasion_form": bound(request, "occasion", OccasionForm, auto_id="occasion-%s"),
        "outcome_form": bound(request, "outcome", OutcomeForm, auto_id="outcome-%s"),
        "party_form": bound(request, "party", PartyForm, auto_id="party-%s"),
        "flags_form": bound(
            request,
            "flags",
            FlagsForm,
            auto_id="flags-%s",
            initial={
                "domestic_abuse": report.domestic_abuse,
                "cyber_element": report.cyber_element,
            },
        ),
        "relationships": reference.vocabulary("relationships"),
        "offence_names": reference.code_names(reference.offences()),
        "panels": panels("report_panels", request, user, report),
        "report_model": report,
    }
    return render(request, "cases/report_detail.html", context)


def _with_units(form: ReportForm, user: User) -> ReportForm:
    units = Unit.objects.filter(kind=Unit.Kind.BOROUGH).select_related("parent").order_by("name")
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        units = units.filter(parent_id=user.home_bcu_id)
    unit_field = form.fields["unit"]
    assert isinstance(unit_field, forms.ChoiceField)
    unit_field.choices = [
        (u.code, f"{u.name} ({u.parent.code if u.parent else ''})") for u in units
    ]
    return form


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    if request.method == "POST":
        try:
            data = cleaned(_with_units(ReportForm(request.POST, auto_id="report-%s"), user))
            report = actions.create_report(user, CreateReport.from_dict(data))
        except InvalidInput as exc:
            refuse(request, "report", exc)
        else:
            messages.success(request, f"Report {report.reference} created")
            return redirect(f"/reports/{report.pk}")
    form = _with_units(bound(request, "report", ReportForm, auto_id="report-%s"), user)
    return render(
        request,
        "cases/report_new.html",
        {"form": form},
        status=400 if state(request) else 200,
    )


PARTY_FIELDS = {
    "role": Field("party-role", "Role"),
    "first_names": Field("party-first_names", "First names"),
    "surname": Field("party-surname", "Surname"),
    "date_of_birth": Field("party-date_of_birth", "Date of birth"),
    "identifiers": Field("party-phone", "Phone number"),
    "relationship": Field("party-relationship", "Relationship to the victim"),
}
OCCASION_FIELDS = {
    "started_at": Field("occasion-started_on", "Date it happened"),
    "ended_at": Field("occasion-ended_on", "Date it ended"),
    "behaviours": Field("occasion-behaviours", "Behaviours"),
    "source": Field("occasion-source", "Where the account comes from"),
}


def _back(report_id: int, anchor: str) -> HttpResponse:
    return redirect(f"/reports/{report_id}#{anchor}")


@login_required
@require_POST
@redisplay(report_detail, "occasion", OCCASION_FIELDS)
def occasion_new(request: HttpRequest, report_id: int) -> HttpResponse:
    form = OccasionForm(request.POST, auto_id="occasion-%s")
    cleaned(form)
    occasion = actions.add_occasion(
        page_user(request),
        report_id,
        AddOccasion.from_dict(form.occasion()),
        justification=page_justification(request),
    )
    messages.success(request, f"Occasion on {display.local_time(occasion.started_at)} added")
    return _back(report_id, "occasions")


@login_required
@require_POST
@redisplay(report_detail, "outcome")
def outcome_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    data = cleaned(OutcomeForm(request.POST, auto_id="outcome-%s"))
    outcome_actions.set_outcome(
        page_user(request),
        report_id,
        SetOutcome.from_dict(data),
        justification=page_justification(request),
    )
    messages.success(request, "Outcome saved")
    return _back(report_id, "outcome")


@login_required
@require_POST
@redisplay(report_detail, "flags")
def flags_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    """Mark the report as domestic abuse and/or as having a cyber element."""
    data = cleaned(FlagsForm(request.POST, auto_id="flags-%s"))
    actions.update_report(
        page_user(request),
        report_id,
        UpdateReport.from_dict(data),
        justification=page_justification(request),
    )
    messages.success(request, "Domestic abuse and cyber flags saved")
    return _back(report_id, "flags")


@login_required
@require_POST
@redisplay(report_detail, "allocation", {"allocated_officer": Field("a-officer", "Officer")})
def allocation_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    """Allocate the report to an officer (by user name) who can open it; blank: nobody."""
    officer = request.POST.get("allocated_officer", "").strip() or None
    actions.update_report(
        page_user(request),
        report_id,
        UpdateReport(fields=frozenset({"allocated_officer"}), allocated_officer=officer),
        justification=page_justification(request),
    )
    done = f"Report allocated to {officer}" if officer else "Report no longer allocated"
    messages.success(request, done)
    return _back(report_id, "allocation")


@login_required
@require_POST
@redisplay(report_detail, "party", PARTY_FIELDS)
def party_new(request: HttpRequest, report_id: int) -> HttpResponse:
    """Record a new person and add them to the report as victim, suspect or witness."""
    user = page_user(request)
    data = cleaned(PartyForm(request.POST, auto_id="party-%s"))
    phone = data["phone"].strip()
    identifiers = (NewIdentifier(kind="phone", value=phone),) if phone else ()
    with transaction.atomic():
        person = people_actions.create_person(
            user,
            CreatePerson(
                first_names=data["first_names"].strip(),
                surname=data["surname"].strip(),
                date_of_birth=data["date_of_birth"] or None,
                identifiers=identifiers,
            ),
        )
        actions.add_party(
            user,
            report_id,
            AddParty(person.pk, data["role"], data["relationship"]),
            justification=page_justification(request),
        )
    name = " ".join(p for p in (data["first_names"].strip(), data["surname"].strip()) if p)
    messages.success(request, f"{name} added as a {data['role']}")
    return _back(report_id, "people")
