"""Risk pages: a report's risk page, the assessment form and a stored assessment."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import may_write
from foursight.accounts.models import Role, User
from foursight.accounts.views import page_justification, page_user
from foursight.cases import actions as case_actions
from foursight.cases.access import visible_parties
from foursight.cases.models import Report
from foursight.cases.serialise import party_out
from foursight.core.assessment_commands import RecordAssessment
from foursight.core.instruments import get_instrument, load_instruments
from foursight.errors import FoursightError, NotFound
from foursight.risk import actions
from foursight.risk.access import (
    ASSESSORS,
    REFERRERS,
    assessment_for,
    is_licensed_assessor,
    require_role,
    risk_report_for,
)
from foursight.risk.charts import trend_chart
from foursight.risk.facts import is_stalking_case
from foursight.risk.forms import assessment_data, referral_data
from foursight.risk.models import Assessment, Referral
from foursight.risk.prefill import four_prefill
from foursight.risk.serialise import assessment_out, referral_out, trend
from foursight.risk.tasks import REASON_LABELS, report_tasks
from foursight.server.forms import Field, redisplay

REASSESSMENT_REASONS = [
    ("breach", "Breach of an order or condition"),
    ("threat_hits", "New threat hits in the evidence"),
    ("escalation", "Escalation"),
    ("requested", "Other request"),
]
OPTION_LABELS = {"yes": "Yes", "no": "No", "dont_know": "Don't know"}


def _pairs(user: User, report: Any) -> dict[str, list[dict[str, Any]]]:
    parties = visible_parties(user, report)
    return {
        "victims": [party_out(user, p) for p in parties if p.role == "victim"],
        "suspects": [party_out(user, p) for p in parties if p.role == "suspect"],
    }


def _offered(user: User, default: str = "") -> list[dict[str, Any]]:
    """The instruments the user may record, ``default`` first and selected."""
    offered = [
        {"id": i.id, "name": i.name, "selected": i.id == default}
        for i in load_instruments().values()
        if not i.requires_licensed_assessor or is_licensed_assessor(user)
    ]
    return sorted(offered, key=lambda i: not i["selected"])


def default_instrument(report: Report, assessments: list[Assessment]) -> str:
    """FOUR on a stalking or harassment report until it is screened, then DASH; else none
    (the list stays in its own order)."""
    if not is_stalking_case(report):
        return ""
    done = {a.instrument for a in assessments}
    return "dash" if "four" in done else "four"


@login_required
def report_risk(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report's risk page: latest results, trend, task, history, referrals, STAC referral."""
    user = page_user(request)
    report = risk_report_for(user, report_id, justification=page_justification(request))
    items = list(
        Assessment.objects.filter(report=report).select_related("victim__person", "suspect__person")
    )
    today = datetime.now(UTC).date()
    task = report_tasks(report)
    referrals = Referral.objects.filter(report=report).select_related(
        "victim__person", "advocate", "made_by"
    )
    context = {
        "report": report,
        "history": [
            {**assessment_out(user, a), "assessed_at_time": a.assessed_at} for a in reversed(items)
        ],
        "can_write": may_write(user),
        "charts": [c for c in (trend_chart(s) for s in trend(items)) if c],
        "task": task.to_dict(today) if task else None,
        "reason_labels": REASON_LABELS,
        "referrals": [referral_out(user, r) for r in referrals],
        "referral_kinds": Referral.Kind.choices,
        "instruments": _offered(user, default_instrument(report, items)),
        "refer": _referral_start(request, report),
        "reassessment_reasons": REASSESSMENT_REASONS,
        "consent_choices": [("yes", "Yes"), ("no", "No")],
        "can_assess": user.role in ASSESSORS,
        "can_refer": user.role in REFERRERS,
        "can_refer_stac": may_write(user) and report.stac_referred_at is None,
        "is_stac": user.role in (Role.STAC, Role.ADMIN),
        **_pairs(user, report),
    }
    pairs = _pairs(user, report)
    context["victim_choices"] = [(v["party_id"], v["name"]) for v in pairs["victims"]]
    return render(request, "risk/report_risk.html", context)


def _referral_start(request: HttpRequest, report: Report) -> dict[str, str]:
    """A referral started from a result page (``?refer=marac&victim=<party id>``)."""
    kind = request.GET.get("refer", "")
    if kind not in Referral.Kind.values:
        return {}
    return {"kind": kind, "victim": request.GET.get("victim", "")}


@login_required
def assess_start(request: HttpRequest, report_id: int) -> HttpResponse:
    """The "start an assessment" form's target: on to the chosen instrument's form."""
    instrument = get_instrument(request.GET.get("instrument", ""))
    victim = request.GET.get("victim", "")
    suspect = request.GET.get("suspect", "")
    return redirect(
        f"/reports/{report_id}/risk/assess/{instrument.id}?victim={victim}&suspect={suspect}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, report_id: int, instrument_id: str) -> HttpResponse:
    """The form for one instrument; on POST the engine scores it and the result is stored."""
    user = page_user(request)
    report = risk_report_for(user, report_id, justification=page_justification(request))
    require_role(user, ASSESSORS, "record risk assessments")
    instrument = get_instrument(instrument_id)
    if instrument.requires_licensed_assessor and not is_licensed_assessor(user):
        raise NotFound("instrument")
    error = ""
    if request.method == "POST":
        try:
            command = RecordAssessment.from_dict(assessment_data(request.POST, instrument))
            assessment = actions.record_assessment(
                user, report.pk, command, justification=page_justification(request)
            )
        except FoursightError as exc:
            error = exc.message
        else:
            messages.success(request, f"{instrument.name} assessment recorded")
            return redirect(f"/assessments/{assessment.pk}")
    definition = instrument.to_dict()
    questions = [
        {
            "id": q.id,
            "number": q.number,
            "section": q.section,
            "topic": q.topic,
            "required": q.required,
            "choices": [
                (o, OPTION_LABELS.get(o, o.replace("_", " ").capitalize()))
                for o in q.answer_type.options
            ],
        }
        for q in instrument.questions
    ]
    sections = [
        {"title": s.title, "questions": [q for q in questions if q["section"] == s.id]}
        for s in instrument.sections
    ]
    source = request.POST if request.method == "POST" else request.GET
    suggested = {}
    if instrument.id == "four":
        suggested = four_prefill(user, report, justification=page_justification(request))
    for q in questions:
        q["suggestion"] = suggested.get(str(q["id"]))
    posted: Any = request.POST
    if request.method != "POST":
        posted = {k: v["answer"] for k, v in suggested.items()}
    context = {
        "report": report,
        "instrument": definition,
        "sections": sections,
        "takes_judgement": instrument.has_levels,
        "needs_judgement": instrument.rule.value == "spj",
        "error": error,
        "posted": posted,
        "suggested": len(suggested),
        "selected_victim": source.get("victim_party_id") or source.get("victim") or "",
        "selected_suspect": source.get("suspect_party_id") or source.get("suspect") or "",
        **_pairs(user, report),
    }
    return render(request, "risk/assess.html", context, status=400 if error else 200)


@login_required
def assessment_page(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user = page_user(request)
    assessment = assessment_for(user, assessment_id, justification=page_justification(request))
    out = assessment_out(user, assessment)
    loaded = load_instruments()
    names = {i.id: i.name for i in loaded.values()}
    definition = loaded.get(assessment.instrument)
    labels = {o.id: o.label for o in definition.outcomes} if definition else {}
    return render(
        request,
        "risk/assessment.html",
        {
            "a": out,
            "outcomes": [{"label": labels.get(k, k), "met": v} for k, v in out["outcomes"].items()],
            "report": assessment.report,
            "instrument_name": names.get(assessment.instrument, assessment.instrument),
            "next_steps": [{"id": t, "name": names.get(t, t)} for t in out["triggers"]],
            "next_actions": result_actions(user, assessment),
            "assessed_at": assessment.assessed_at,
            "risk_path": f"/reports/{assessment.report_id}/risk",
        },
    )


def result_actions(user: User, assessment: Assessment) -> list[dict[str, str]]:
    """The next steps a result calls for, as buttons: refer to the STAC (a stalking screen
    that indicates stalking, a medium or high level, or a prompt naming the STAC), refer
    to MARAC (its criteria met), and book a reassessment."""
    report = assessment.report
    risk = f"/reports/{report.pk}/risk"
    actions = []
    prompts = " ".join(p.get("text", "") for p in assessment.result.get("prompts", []))
    stalking = assessment.result.get("outcomes", {}).get("stalking_indicated")
    calls_for_stac = stalking or assessment.level in ("medium", "high") or "STAC" in prompts
    if calls_for_stac and report.stac_referred_at is None and may_write(user):
        actions.append({"label": "Refer to the STAC", "href": f"{risk}#stac"})
    if assessment.marac_referral and user.role in REFERRERS:
        victim = assessment.victim_id
        actions.append(
            {"label": "Refer to MARAC", "href": f"{risk}?refer=marac&victim={victim}#referrals"}
        )
    if user.role in ASSESSORS:
        actions.append({"label": "Book a reassessment", "href": f"{risk}?review=1#task"})
    return actions


REFERRAL_FIELDS = {
    "kind": Field("f-kind", "Refer to"),
    "victim_party_id": Field("f-victim", "Victim"),
    "consent": Field("f-consent", "Did the victim consent"),
    "consent_note": Field("f-consent_note", "How consent was given"),
    "reason": Field("f-reason", "Reason"),
    "referred_on": Field("f-referred_on", "Referral date"),
    "mappa_category": Field("f-mappa_category", "MAPPA category"),
    "mappa_level": Field("f-mappa_level", "MAPPA level"),
    "advocate": Field("f-advocate", "Advocate user name"),
    "support_needs": Field("f-support_needs", "Support the victim needs"),
}


@login_required
@require_POST
@redisplay(report_risk, "stac", {"reason": Field("s-reason", "Why refer this case to the STAC")})
def stac_referral(request: HttpRequest, report_id: int) -> HttpResponse:
    """Refer the report to the STAC (``cases.actions.refer_to_stac``)."""
    case_actions.refer_to_stac(
        page_user(request),
        report_id,
        request.POST.get("reason", ""),
        justification=page_justification(request),
    )
    messages.success(request, "Case referred to the STAC")
    return redirect(f"/reports/{report_id}/risk#stac")


@login_required
@require_POST
@redisplay(report_risk, "referral", REFERRAL_FIELDS)
def referral_new(request: HttpRequest, report_id: int) -> HttpResponse:
    referral = actions.make_referral(
        page_user(request),
        report_id,
        referral_data(request.POST),
        justification=page_justification(request),
    )
    messages.success(request, f"Referral to {referral.get_kind_display()} made")
    return redirect(f"/reports/{report_id}/risk#referrals")


@login_required
@require_POST
@redisplay(report_risk, "reassessment", {"reason": Field("r-reason", "Reason")})
def reassessment_new(request: HttpRequest, report_id: int) -> HttpResponse:
    actions.request_reassessment(
        page_user(request),
        report_id,
        request.POST.get("reason", ""),
        note=request.POST.get("note", ""),
        justification=page_justification(request),
    )
    messages.success(request, "Reassessment asked for")
    return redirect(f"/reports/{report_id}/risk#task")
