"""Pages for building an operation's target list safely: find a person to target, confirm a
bulk addition, add from a person's or an offender's page, and remove a target with a reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foursight.accounts.views import page_justification, page_user, safe_next
from foursight.core.operation_commands import AddTarget
from foursight.core.target_commands import RemoveTarget, parse_target_query
from foursight.errors import Conflict, FoursightError, InvalidInput, JustificationRequired, NotFound
from foursight.operations import access, actions, target_actions
from foursight.operations.target_search import SOURCE_NAMES, find_persons, preview

BACK_PREFIXES = ("/persons/", "/offenders/")


def _managed(request: HttpRequest, operation_id: int) -> Any:
    """The operation, for a user who may change its target list (else the error page)."""
    user = page_user(request)
    op = access.operation_for(
        user, operation_id, justification=page_justification(request), audit=False
    )
    access.require_manager(user, op)
    return user, op


def _shown(exc: FoursightError) -> bool:
    """Errors the form shows; a missing record or purpose of access goes to the error page."""
    return not isinstance(exc, NotFound | JustificationRequired)


@login_required
@require_GET
def target_search(request: HttpRequest, operation_id: int) -> HttpResponse:
    """Find a person to target by name, date of birth, phone, e-mail or handle.

    With htmx the results replace the results box on the operation page; without, the
    same results come on a page of their own.
    """
    user, op = _managed(request, operation_id)
    form_errors: list[dict[str, str]] = []
    found: dict[str, Any] = {"rows": [], "more": False, "query": None}
    try:
        query = parse_target_query(request.GET.get("q", ""))
        found = find_persons(user, op, query, justification=page_justification(request))
    except InvalidInput as exc:
        form_errors = [{"field": "target-q", "message": plain(exc)}]
    context = {"op": op, "q": request.GET.get("q", ""), "form_errors": form_errors, **found}
    template = (
        "operations/_target_results.html"
        if request.headers.get("HX-Request")
        else "operations/target_search.html"
    )
    return render(request, template, context, status=400 if form_errors else 200)


def list_params(request: HttpRequest) -> dict[str, Any]:
    """The bulk form's fields (from the query or the posted form), limit as a number."""
    given = request.POST if request.method == "POST" else request.GET
    data: dict[str, Any] = {k: given.get(k, "") for k in ("source", "bcu", "limit")}
    try:
        data["limit"] = int(data["limit"] or 50)
    except ValueError as exc:
        raise InvalidInput("limit: a number from 1 to 1000", field="limit") from exc
    if not data["bcu"]:
        del data["bcu"]
    return data


def confirm_list(request: HttpRequest, operation_id: int) -> HttpResponse:
    """The confirmation page before "Add targets from list": how many, and who."""
    user, op = _managed(request, operation_id)
    form_errors: list[dict[str, str]] = []
    shown: dict[str, Any] = {}
    try:
        data = list_params(request)
        shown = preview(user, op, data, justification=page_justification(request))
    except FoursightError as exc:
        if not _shown(exc):
            raise
        form_errors = [{"field": "", "message": plain(exc)}]
    context = {"op": op, "form_errors": form_errors, "sources": SOURCE_NAMES, **shown}
    return render(
        request, "operations/confirm_list.html", context, status=400 if form_errors else 200
    )


def plain(exc: FoursightError) -> str:
    """The error in a person's words: no field name, no record number."""
    if isinstance(exc, Conflict) and "already a target" in exc.message:
        return "The person is already a target of this operation."
    words = exc.message.split(": ", 1)[-1] if exc.field else exc.message
    return words[:1].upper() + words[1:]


def report_added(request: HttpRequest, added: list[Any]) -> list[Any]:
    """The confirmation banner after targets were added from a list."""
    if not added:
        messages.success(request, "No targets added: everyone on the list is already a target.")
    else:
        plural = "target" if len(added) == 1 else "targets"
        name = added[0].operation.name
        messages.success(request, f"{len(added)} {plural} added to Operation {name}.")
    return added


@login_required
@require_http_methods(["GET", "POST"])
def target_removal(request: HttpRequest, operation_id: int, target_id: int) -> HttpResponse:
    """Remove a target from the operation, saying why (required; audited; shown in history)."""
    user = page_user(request)
    reason = page_justification(request)
    target = access.target_for(user, operation_id, target_id, justification=reason, audit=False)
    access.require_manager(user, target.operation)
    form_errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            command = RemoveTarget.from_dict(request.POST)
            target_actions.remove_target(
                user, operation_id, target_id, command, justification=reason
            )
        except FoursightError as exc:
            if not _shown(exc):
                raise
            field = "removal-reason" if exc.field == "reason" else ""
            form_errors = [{"field": field, "message": plain(exc)}]
        else:
            name = target.person.display_name
            messages.success(request, f"{name} removed from Operation {target.operation.name}.")
            return redirect(f"/operations/{operation_id}#history")
    context = {
        "op": target.operation,
        "target": target,
        "typed": request.POST.get("reason", ""),
        "form_errors": form_errors,
    }
    return render(
        request, "operations/remove_target.html", context, status=400 if form_errors else 200
    )


@login_required
@require_POST
def add_person(request: HttpRequest) -> HttpResponse:
    """ "Add to an operation" from a person's or an offender's page."""
    user = page_user(request)
    back = safe_next(request, request.POST.get("back"))
    if not back.startswith(BACK_PREFIXES):
        back = "/operations"
    try:
        op_id = int(request.POST.get("operation", ""))
        person_id = int(request.POST.get("person_id", ""))
    except ValueError:
        messages.error(request, "Choose an operation to add the person to.")
        return redirect(back)
    reason = page_justification(request)
    try:
        target = actions.add_target(
            user,
            op_id,
            AddTarget.from_dict({"person_id": person_id, "source": "named"}),
            justification=reason,
        )
    except FoursightError as exc:
        if not _shown(exc):
            raise
        messages.error(request, f"Not added. {plain(exc)}")
        return redirect(back)
    messages.success(
        request, f"{target.person.display_name} added to Operation {target.operation.name}."
    )
    return redirect(f"/operations/{op_id}#target-{target.pk}")
