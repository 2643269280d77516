"""Pages for operations: the list, an operation's dashboard and targets, the
outstanding-suspects list, and compliance checks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import check_justification
from foursight.accounts.models import Role, Unit, User
from foursight.accounts.views import page_justification, page_user
from foursight.audit.actions import record
from foursight.audit.vocabulary import Verb
from foursight.core import reference
from foursight.core.operation_commands import (
    AddCharge,
    AddTarget,
    BuildTargets,
    CreateOperation,
    RecordCheck,
    UpdateTarget,
)
from foursight.errors import FoursightError, InvalidInput, JustificationRequired, NotFound
from foursight.operations import access, actions, check_actions, target_views
from foursight.operations.api import check_out, csv_response
from foursight.operations.models import ComplianceCheck, Target
from foursight.operations.summary import removal_out, summary, target_out, targets_of
from foursight.server import charts

STATUS_NAMES = dict(Target.Status.choices)
SOURCE_NAMES = dict(Target.Source.choices)


def _post_dict(request: HttpRequest, *lists: str) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    for name in lists:
        data[name] = [v for v in request.POST.getlist(name) if v]
    return {k: v for k, v in data.items() if v not in ("", [])} | {n: data[n] for n in lists}


def _user_errors(exc: FoursightError) -> bool:
    """Errors to show on the form; a missing record or purpose goes to the error page."""
    return not isinstance(exc, NotFound | JustificationRequired)


@login_required
@require_http_methods(["GET", "POST"])
def operation_list(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    access.require_operation_role(user)
    reason = page_justification(request)
    error = ""
    if request.method == "POST":
        data = _post_dict(request, "units")
        try:
            op = actions.create_operation(
                user, CreateOperation.from_dict(data), justification=reason
            )
        except FoursightError as exc:
            if not _user_errors(exc):
                raise
            error = exc.message
        else:
            messages.success(request, f"Operation {op.name} created")
            return redirect(f"/operations/{op.pk}")
    ops = access.visible_operations(user).prefetch_related("units").select_related("lead")
    mine = (
        Target.objects.filter(assigned_to=user)
        .select_related("operation", "person")
        .order_by("status", "id")[:100]
    )
    check_justification(user, None, reason)
    record(user, Verb.SEARCHED, "operation", justification=reason.strip())
    context = {
        "operations": ops[:100],
        "mine": [(t, target_out(user, t)) for t in mine],
        "may_create": user.role in (*access.MANAGERS, Role.SUPERVISOR),
        "units": _unit_choices(user),
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "operations/operation_list.html", context, status=400 if error else 200)


def _unit_choices(user: User) -> list[Unit]:
    units = Unit.objects.exclude(kind=Unit.Kind.FORCE).order_by("kind", "code")
    home = user.home_bcu_id
    if user.role == Role.SUPERVISOR and home is not None:
        units = units.filter(pk=home) | units.filter(parent_id=home)
    return list(units)


def _dashboard(
    request: HttpRequest, user: User, operation_id: int, error: str = ""
) -> HttpResponse:
    op = access.operation_for(user, operation_id, justification=page_justification(request))
    figures = summary(user, op)
    cats = reference.load("offences")
    category_names = {o["category"]: o["category"].replace("_", " ") for o in cats["offences"]}
    context = {
        "op": op,
        "figures": figures,
        "targets": [
            {
                **target_out(user, t),
                "status_name": STATUS_NAMES[t.status],
                "source_name": SOURCE_NAMES[t.source],
            }
            for t in targets_of(user, op)
        ],
        "may_manage": access.may_manage(user, op),
        "may_assign": user.role != Role.OFFICER,
        "offences": reference.offences(),
        "status_chart": charts.bars(
            "Targets by status",
            [(STATUS_NAMES[s], n) for s, n in figures["targets"].items()],
            label="Status",
            value="Targets",
        ),
        "category_chart": charts.bars(
            "Arrests by offence category",
            [(category_names.get(c, c), n) for c, n in figures["arrests_by_category"].items()],
            label="Offence category",
            value="Arrests",
        ),
        "day_chart": charts.columns(
            "Arrests by day", list(figures["arrests_by_day"].items()), label="Day", value="Arrests"
        ),
        "bcus": Unit.objects.filter(kind=Unit.Kind.BCU).order_by("code"),
        "error": error,
        "history": [removal_out(user, r) for r in access.visible_removals(user, op)[:100]],
    }
    return render(
        request, "operations/operation_detail.html", context, status=400 if error else 200
    )


@login_required
def operation_detail(request: HttpRequest, operation_id: int) -> HttpResponse:
    return _dashboard(request, page_user(request), operation_id)


def _change(
    request: HttpRequest, operation_id: int, call: Any, anchor: str, done: str = "Saved"
) -> HttpResponse:
    """Run an action from a dashboard form; a form error re-renders the page with it."""
    user = page_user(request)
    try:
        call(user)
    except FoursightError as exc:
        if not _user_errors(exc):
            raise
        return _dashboard(request, user, operation_id, exc.message)
    messages.success(request, done)
    return redirect(f"/operations/{operation_id}#{anchor}")


@login_required
@require_POST
def target_add(request: HttpRequest, operation_id: int) -> HttpResponse:
    data = _post_dict(request)
    reason = page_justification(request)
    return _change(
        request,
        operation_id,
        lambda u: target_views.report_added(
            request,
            [actions.add_target(u, operation_id, AddTarget.from_dict(data), justification=reason)],
        ),
        "targets",
        "Target added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets_from_list(request: HttpRequest, operation_id: int) -> HttpResponse:
    """Bulk additions are confirmed first: the page says how many and who (target_views)."""
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return target_views.confirm_list(request, operation_id)
    data = _post_dict(request)
    data.pop("confirm", None)
    command = BuildTargets.from_dict(data)
    reason = page_justification(request)
    return _change(
        request,
        operation_id,
        lambda u: target_views.report_added(
            request, actions.build_targets(u, operation_id, command, justification=reason)
        ),
        "targets",
        "Targets added from the outstanding-suspects list",
    )


@login_required
@require_POST
def target_update(request: HttpRequest, operation_id: int, target_id: int) -> HttpResponse:
    data = _post_dict(request, "offences")
    if not data["offences"]:
        del data["offences"]
    if "assigned_to" in request.POST and "status" not in data:
        data["assigned_to"] = request.POST["assigned_to"] or None
    reason = page_justification(request)
    return _change(
        request,
        operation_id,
        lambda u: actions.update_target(
            u, operation_id, target_id, UpdateTarget.from_dict(data), justification=reason
        ),
        f"target-{target_id}",
        "Target updated",
    )


@login_required
@require_POST
def charge_add(request: HttpRequest, operation_id: int, target_id: int) -> HttpResponse:
    data = _post_dict(request, "offences")
    reason = page_justification(request)
    return _change(
        request,
        operation_id,
        lambda u: actions.add_charge(
            u, operation_id, target_id, AddCharge.from_dict(data), justification=reason
        ),
        f"target-{target_id}",
        "Charge added",
    )


@login_required
def operation_export(request: HttpRequest, operation_id: int) -> HttpResponse:
    return csv_response(page_user(request), operation_id, page_justification(request))


@login_required
@require_http_methods(["GET", "POST"])
def suspects_page(request: HttpRequest) -> HttpResponse:
    """The force-wide (or BCU) outstanding-suspects list: the offender units' standing work.

    Posting ``operation`` and ``person_id`` adds that suspect to the operation.
    """
    user = page_user(request)
    if request.method == "POST":
        try:
            op_id = int(request.POST.get("operation", ""))
        except ValueError as exc:
            raise InvalidInput("operation: choose an operation", field="operation") from exc
        data = {"person_id": request.POST.get("person_id"), "source": "outstanding_suspects"}
        reason = page_justification(request)
        return _change(
            request,
            op_id,
            lambda u: actions.add_target(u, op_id, AddTarget.from_dict(data), justification=reason),
            "targets",
            "Suspect added to the operation",
        )
    parties = access.outstanding_suspects(user, justification=page_justification(request))
    rows = parties.prefetch_related("report__offences")[:200]
    context = {
        "rows": rows,
        "count": parties.count(),
        "operations": [o for o in access.visible_operations(user) if access.may_manage(user, o)],
    }
    return render(request, "operations/suspects.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def checks_page(request: HttpRequest) -> HttpResponse:
    """Compliance checks and visits: record one; see those due and the latest."""
    user = page_user(request)
    access.require_operation_role(user)
    reason = page_justification(request)
    error = ""
    if request.method == "POST":
        try:
            check_actions.record_check(
                user, RecordCheck.from_dict(_post_dict(request)), justification=reason
            )
        except FoursightError as exc:
            if not _user_errors(exc):
                raise
            error = exc.message
        else:
            messages.success(request, "Check recorded")
            return redirect("/operations/checks")
    reason = check_justification(user, None, reason)
    record(user, Verb.SEARCHED, "compliance_check", justification=reason)
    checks = access.visible_checks(user)
    today = timezone.localdate()
    context = {
        "due": [
            _named(user, c) for c in checks.filter(next_due__lte=today).order_by("next_due")[:100]
        ],
        "recent": [_named(user, c) for c in checks[:100]],
        "kinds": ComplianceCheck.Kind.choices,
        "results": ComplianceCheck.Result.choices,
        "bail_tasks": list(check_actions.bail_tasks_for(user)[:100]),
        "now": timezone.now(),
        "error": error,
    }
    return render(request, "operations/checks.html", context, status=400 if error else 200)


@login_required
@require_POST
def bail_task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    """Mark a bail-breach arrest task done, with what was done."""
    check_actions.complete_bail_task(
        page_user(request),
        task_id,
        request.POST.get("notes", ""),
        justification=page_justification(request),
    )
    messages.success(request, "Bail task marked done")
    return redirect("/operations/checks#bail-tasks")


def _named(user: User, check: ComplianceCheck) -> dict[str, Any]:
    """A check as the API gives it, with the names a person reads."""
    return {
        **check_out(user, check),
        "kind_name": check.get_kind_display(),
        "result_name": check.get_result_display(),
    }
