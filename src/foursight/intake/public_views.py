"""The public pages: report stalking (one question a page, then check your answers) and
give information anonymously. No sign-in; no caching; nothing kept between pages but the
answers in the form itself.

The anonymous information page never reads the caller's address or browser details.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from foursight.core.identifiers import normalise
from foursight.errors import FoursightError, InvalidInput
from foursight.intake import actions, clean, commands, routing, throttle
from foursight.intake.commands import SubmitInformation, SubmitOnlineReport

#: The report's steps: (name, the questions on it).
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("what", ("what_happened", "started")),
    ("where", ("postcode", "borough")),
    (
        "who",
        ("suspect_name", "relationship", "suspect_phones", "suspect_accounts", "suspect_addresses"),
    ),
    ("you", ("reporter_name", "reporter_phone", "reporter_email", "safe_contact")),
    ("check", ()),
)
FIELDS = tuple(f for _, fields in STEPS for f in fields)
#: Error fields of the actions, as the form's field ids.
FIELD_IDS = {
    "reporter.phone": "reporter_phone",
    "reporter.email": "reporter_email",
    "name": "reporter_name",
    "suspect.relationship": "relationship",
}


def _answers(request: HttpRequest) -> dict[str, str]:
    return {f: str(request.POST.get(f, "")).strip() for f in FIELDS}


def _phones(text: str) -> list[dict[str, str]]:
    out = clean.lines(text, "phone")
    for item in out:
        if normalise("phone", item["value"]) is None:
            raise InvalidInput(
                f"Enter each phone number on its own line, like 07700 900 982 "
                f"({item['value']!r} is not a phone number)",
                field="suspect_phones",
            )
    return out


def payload(answers: dict[str, str], honeypot: str = "") -> dict[str, Any]:
    """The form's answers in the shape of ``POST /api/v1/public/reports``."""
    identifiers = [
        *_phones(answers["suspect_phones"]),
        *clean.lines(answers["suspect_accounts"], ""),
        *clean.lines(answers["suspect_addresses"], "address"),
    ]
    return {
        "what_happened": answers["what_happened"],
        "started": answers["started"],
        "postcode": answers["postcode"],
        "borough": answers["borough"],
        "reporter": {
            "name": answers["reporter_name"],
            "phone": answers["reporter_phone"],
            "email": answers["reporter_email"],
        },
        "suspect": {
            "name": answers["suspect_name"],
            "relationship": answers["relationship"] or "unknown",
            "identifiers": identifiers,
        },
        "safe_contact": answers["safe_contact"],
        "website": honeypot,
    }


def check_step(step: str, answers: dict[str, str]) -> None:
    """Check the questions of one step; ``InvalidInput`` names the form field."""
    if step == "what" and not answers["what_happened"]:
        raise InvalidInput("Tell us what has been happening", field="what_happened")
    if step == "where":
        routing.route(answers["postcode"], answers["borough"])
    if step == "who":
        data = payload(answers)["suspect"]
        commands.clean_suspect(data)
    if step == "you":
        data = payload(answers)["reporter"]
        commands.clean_reporter(data)


def _message(error: InvalidInput) -> tuple[str, str]:
    field = FIELD_IDS.get(error.field or "", error.field or "")
    if field.startswith("suspect.identifiers"):
        field = "suspect_accounts"
    text = error.message
    head = (error.field or "") + ": "
    if text.startswith(head):
        text = text[len(head) :]
    return field, text[:1].upper() + text[1:]


def _page(
    request: HttpRequest,
    step: str,
    answers: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    names = [s for s, _ in STEPS]
    context = {
        "step": step,
        "number": names.index(step) + 1,
        "total": len(names) - 1,
        "answers": answers,
        "carry": {f: v for f, v in answers.items() if f not in dict(STEPS)[step]},
        "errors": errors,
        "boroughs": routing.boroughs(),
        "relationships": commands.RELATIONSHIPS,
        "quick_exit": True,
    }
    return render(request, f"intake/report_{step}.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """``/public/report``: each POST checks the step it came from and shows the next."""
    answers = _answers(request) if request.method == "POST" else {f: "" for f in FIELDS}
    if request.method == "GET":
        return _page(request, "what", answers, {})
    names = [s for s, _ in STEPS]
    step = str(request.POST.get("step", "what"))
    if step not in names:
        step = "what"
    target = str(request.POST.get("go", ""))
    if target in names and names.index(target) < names.index(step):
        return _page(request, target, answers, {})
    if step != "check":
        try:
            check_step(step, answers)
        except InvalidInput as error:
            field, text = _message(error)
            return _page(request, step, answers, {field: text}, status=400)
        return _page(request, names[names.index(step) + 1], answers, {})
    for earlier in names[:-1]:
        try:
            check_step(earlier, answers)
        except InvalidInput as error:
            field, text = _message(error)
            return _page(request, earlier, answers, {field: text}, status=400)
    try:
        data = payload(answers, str(request.POST.get(clean.HONEYPOT, "")))
        caller = throttle.caller_key(request.META.get("REMOTE_ADDR", ""))
        online = actions.submit_online_report(SubmitOnlineReport.from_dict(data), caller=caller)
    except InvalidInput as error:
        field, text = _message(error)
        return _page(request, "check", answers, {field: text}, status=400)
    except FoursightError as error:
        return render(
            request,
            "intake/public_problem.html",
            {"message": error.message, "quick_exit": True},
            status=error.status,
        )
    return render(
        request,
        "intake/report_done.html",
        {"reference": online.report.reference, "borough": online.borough, "quick_exit": True},
    )


INFORMATION_FIELDS = ("about_name", "about_identifiers", "where", "postcode", "what")


@never_cache
@require_http_methods(["GET", "POST"])
def information(request: HttpRequest) -> HttpResponse:
    """``/public/information``: anonymous information. Reads no address, no browser details."""
    answers = {f: str(request.POST.get(f, "")).strip() for f in INFORMATION_FIELDS}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {
            "about": {
                "name": answers["about_name"],
                "identifiers": [i["value"] for i in clean.lines(answers["about_identifiers"], "")],
            },
            "what": answers["what"],
            "where": answers["where"],
            "postcode": answers["postcode"],
            clean.HONEYPOT: str(request.POST.get(clean.HONEYPOT, "")),
        }
        try:
            item = actions.submit_information(SubmitInformation.from_dict(data))
        except InvalidInput as error:
            field, text = _message(error)
            if field.startswith("about.identifiers"):
                field = "about_identifiers"
            errors[field] = text
        except FoursightError as error:
            return render(
                request,
                "intake/public_problem.html",
                {"message": error.message},
                status=error.status,
            )
        else:
            return render(request, "intake/information_done.html", {"reference": item.reference})
    return render(
        request,
        "intake/information.html",
        {"answers": answers, "errors": errors},
        status=400 if errors else 200,
    )
