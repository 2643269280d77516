"""Pages for reports: my work, search, the report page and its forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
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
    ReportFilterForm,
    ReportForm,
    form_errors,
)
from foursight.cases.models import Report
from foursight.cases.serialise import report_out
from foursight.core import disclosure, reference
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
        "occasion_form": OccasionForm(),
        "outcome_form": OutcomeForm(),
        "flags_form": FlagsForm(
            initial={"domestic_abuse": report.domestic_abuse, "cyber_element": report.cyber_element}
        ),
        "relationships": reference.vocabulary("relationships"),
        "offence_names": reference.code_names(reference.offences()),
        "panels": panels("report_panels", request, user, report),
        "report_model": report,
    }
    return render(request, "cases/report_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    form = ReportForm(request.POST or None)
    units = Unit.objects.filter(kind=Unit.Kind.BOROUGH).select_related("parent").order_by("name")
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        units = units.filter(parent_id=user.home_bcu_id)
    unit_field = form.fields["unit"]
    assert isinstance(unit_field, forms.ChoiceField)
    unit_field.choices = [
        (u.code, f"{u.name} ({u.parent.code if u.parent else ''})") for u in units
    ]
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.create_report(user, CreateReport.from_dict(form.cleaned_data))
        except FoursightError as exc:
            error = exc.message
        else:
            return redirect(f"/reports/{report.pk}")
    return render(
        request,
        "cases/report_new.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


def _back(report_id: int, anchor: str) -> HttpResponse:
    return redirect(f"/reports/{report_id}#{anchor}")


def _submit(
    request: HttpRequest,
    report_id: int,
    form_class: type[forms.Form],
    command: Any,
    action: Any,
    anchor: str,
) -> HttpResponse:
    """Validate a report sub-form, build its command once and hand it to its action; errors
    name the field."""
    form = form_class(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    action(
        page_user(request),
        report_id,
        command.from_dict(form.cleaned_data),
        justification=page_justification(request),
    )
    return _back(report_id, anchor)


@login_required
@require_POST
def occasion_new(request: HttpRequest, report_id: int) -> HttpResponse:
    return _submit(request, report_id, OccasionForm, AddOccasion, actions.add_occasion, "occasions")


@login_required
@require_POST
def outcome_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    outcome_actions.set_outcome(
        page_user(request),
        report_id,
        SetOutcome.from_dict(form.cleaned_data),
        justification=page_justification(request),
    )
    return _back(report_id, "outcome")


@login_required
@require_POST
def flags_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    """Mark the report as domestic abuse and/or as having a cyber element."""
    return _submit(request, report_id, FlagsForm, UpdateReport, actions.update_report, "flags")


@login_required
@require_POST
def allocation_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    """Allocate the report to an officer (by user name) who can open it; blank: nobody."""
    officer = request.POST.get("allocated_officer", "").strip() or None
    actions.update_report(
        page_user(request),
        report_id,
        UpdateReport(fields=frozenset({"allocated_officer"}), allocated_officer=officer),
        justification=page_justification(request),
    )
    return _back(report_id, "allocation")


@login_required
@require_POST
def party_new(request: HttpRequest, report_id: int) -> HttpResponse:
    """Record a new person and add them to the report as victim, suspect or witness."""
    user = page_user(request)
    post = request.POST
    phone = post.get("phone")
    identifiers = (NewIdentifier(kind="phone", value=phone),) if phone else ()
    with transaction.atomic():
        person = people_actions.create_person(
            user,
            CreatePerson(
                first_names=post.get("first_names", ""),
                surname=post.get("surname", ""),
                date_of_birth=post.get("date_of_birth") or None,
                identifiers=identifiers,
            ),
        )
        actions.add_party(
            user,
            report_id,
            AddParty(person.pk, post.get("role", ""), post.get("relationship", "")),
            justification=page_justification(request),
        )
    return _back(report_id, "people")
