"""Pages for a suspect's path: the timeline on the report page, and the path page with an
"Add step" form for each kind (errors shown in a summary, what was typed kept)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from foursight.accounts.access import sees_suspects
from foursight.accounts.models import User
from foursight.accounts.views import page_justification, page_user
from foursight.cases.access import party_rule
from foursight.cases.models import Party, Report
from foursight.core import display, labels, reference
from foursight.core import path_kinds as path
from foursight.errors import InvalidInput
from foursight.prosecution import actions, forms
from foursight.prosecution.access import WRITERS, steps_of, suspect_for
from foursight.prosecution.models import Step, path_order
from foursight.prosecution.serialise import step_out


def _summary(step: dict[str, Any], names: dict[str, str]) -> str:
    """One line saying what a step recorded, in plain words."""
    bits = []
    for key in ("offences",):
        if step.get(key):
            bits.append(", ".join(names.get(c, c) for c in step[key]))
    for item in step.get("results") or step.get("pleas") or []:
        value = item.get("result") or item.get("plea")
        label = path.RESULTS.get(value) or path.PLEAS.get(value, value)
        bits.append(f"{names.get(item['offence'], item['offence'])}: {label}")
    simple = {
        "reason": path.NFA_REASONS,
        "decision": path.CUSTODY_DECISIONS,
        "disposal": path.DISPOSALS,
        "authorised_by": path.AUTHORISED_BY,
        "type": path.INTERVIEW_TYPES,
    }
    for key, named in simple.items():
        if step.get(key) and not (key == "reason" and step["kind"] == "outcome"):
            bits.append(named.get(step[key], step[key]))
    if step["kind"] == "hearing":
        bits.append(f"{path.HEARING_KINDS.get(step.get('kind_of', ''), '')}")
    for key, label in (("court", ""), ("where", "at "), ("months", "months: ")):
        if step.get(key):
            bits.append(f"{label}{step[key]}")
    for key, label in (("return_on", "answer bail "), ("expected_release_on", "expected release ")):
        if step.get(key):
            bits.append(f"{label}{display.day(step[key])}")
    if step.get("code"):
        bits.append(f"outcome {labels.label(step['code'], 'outcome')} ({step['code']})")
    if step["kind"] == "outcome" and step.get("reason"):
        bits.append(f"reason: {step['reason']}")
    if step.get("withdrawal_reason"):
        bits.append(
            f"victim withdrew: {labels.label(step['withdrawal_reason'], 'withdrawal_reason')}"
        )
    return "; ".join(b for b in bits if b)


def timeline(party: Party, steps: list[Step]) -> list[dict[str, Any]]:
    names = reference.code_names(reference.offences())
    out = []
    for step in steps:
        item = step_out(step)
        item["kind_of"] = step.data.get("kind", "")
        item["summary"] = _summary({**item, "kind_of": item["kind_of"]}, names)
        if step.kind == "hearing":
            item["summary"] = "; ".join(
                b
                for b in (path.HEARING_KINDS.get(item["kind_of"], ""), step.data.get("court", ""))
                if b
            )
        out.append(item)
    return out


def report_panel(request: HttpRequest, user: User, report: Report) -> str:
    """Each suspect's path on the report page, with a link to add a step."""
    if not sees_suspects(user):
        return ""
    suspects = list(
        report.parties.filter(party_rule(user))
        .filter(role=Party.Role.SUSPECT)
        .select_related("person")
        .order_by("id")
    )
    if not suspects:
        return ""
    steps: dict[int, list[Step]] = {p.pk: [] for p in suspects}
    query = (
        Step.objects.filter(party__in=suspects)
        .select_related("created_by", "operation_target__operation")
        .prefetch_related("conditions")
        .order_by(*path_order())
    )
    for step in query:
        steps[step.party_id].append(step)
    return render_to_string(
        "prosecution/_panel.html",
        {
            "report": report,
            "suspects": [{"party": p, "steps": timeline(p, steps[p.pk])} for p in suspects],
            "may_write": user.role in WRITERS,
        },
        request=request,
    )


def _anchor(field: str | None) -> str:
    base = (field or "kind").split("[")[0].split(".")[0]
    return f"f-{base}"


@login_required
@require_http_methods(["GET", "POST"])
def path_page(request: HttpRequest, report_id: int, party_id: int) -> HttpResponse:
    """The suspect's timeline and the form to add a step of the chosen kind."""
    user = page_user(request)
    reason = page_justification(request)
    report, party = suspect_for(user, report_id, party_id, justification=reason)
    kind = request.POST.get("kind") or request.GET.get("kind") or "arrest"
    if kind not in path.KINDS:
        kind = "arrest"
    steps = list(steps_of(party))
    charged = sorted({c for s in steps if s.kind == "charge" for c in s.data.get("offences", [])})
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = {
            k: request.POST.getlist(k) if k == "offences" else request.POST[k] for k in request.POST
        }
        try:
            payload = forms.payload_from_post(kind, request.POST, charged)
            actions.record_step(
                user, actions.RecordStep(report.pk, party.pk, payload, justification=reason)
            )
        except InvalidInput as exc:
            errors[_anchor(exc.field)] = exc.message
        else:
            messages.success(request, f"{path.KINDS.get(kind, 'Step')} recorded")
            return redirect(f"/reports/{report.pk}/suspects/{party.pk}/path?added={kind}")
    names = reference.code_names(reference.offences())
    result_key = "plea" if kind == "plea" else "result"
    context = {
        "report": report,
        "party": party,
        "steps": timeline(party, steps),
        "kind": kind,
        "kind_name": path.KINDS[kind],
        "kinds": list(path.KINDS.items()),
        "fields": [{**asdict(f), "value": values.get(f.name, "")} for f in forms.fields_for(kind)],
        "offences": list(names.items()),
        "conditions": forms.has_conditions(kind),
        "condition_rows": [
            {
                "i": i,
                "kind": values.get(f"condition_kind_{i}", ""),
                "text": values.get(f"condition_text_{i}", ""),
                "ends": values.get(f"condition_ends_{i}", ""),
            }
            for i in range(forms.CONDITION_ROWS)
        ],
        "condition_kinds": list(path.CONDITION_KINDS.items()),
        "results": [
            (code, names.get(code, code), values.get(f"{result_key}_{code}", ""))
            for code in charged
        ]
        if kind in ("plea", "verdict")
        else [],
        "result_key": result_key,
        "result_choices": forms.result_choices(kind),
        "order_choices": forms.order_choices(kind),
        "values": values,
        "errors": errors,
        "may_write": user.role in WRITERS,
        "added": path.KINDS.get(request.GET.get("added", ""), ""),
    }
    return render(request, "prosecution/path.html", context, status=400 if errors else 200)
