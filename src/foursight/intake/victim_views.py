"""The victim's pages: sign in with the link and passcode, the home page (officer, next
steps, support, their own entries and files), a diary entry, an upload, and the quick exit.

The signed-in state is the victim session's token in the (server-side) session cookie.
Every page has the quick exit, none is cached.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from foursight.errors import FoursightError, InvalidInput
from foursight.intake import serialise, throttle, uploads, victim
from foursight.intake.commands import AddDiaryEntry
from foursight.intake.models import VictimSession

SESSION_KEY = "victim_session"
NEUTRAL_SITE = "https://www.bbc.co.uk/weather"
VICTIM = {"quick_exit": True, "service_name": "Your stalking case", "home_path": "/victim"}


def _session(request: HttpRequest) -> VictimSession | None:
    return victim.session_for(str(request.session.get(SESSION_KEY, "")))


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {**VICTIM, **context}, status=status)


def _message(error: FoursightError) -> tuple[str, str]:
    field = error.field or ""
    text = error.message
    if text.startswith(field + ": "):
        text = text[len(field) + 2 :]
    return field or "form", text[:1].upper() + text[1:]


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """``/victim/<token>``: the passcode, then the victim's home page."""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            _, secret = victim.open_session(
                token,
                str(request.POST.get("passcode", "")),
                caller=throttle.caller_key(request.META.get("REMOTE_ADDR", "")),
            )
        except FoursightError as error:
            errors["passcode"] = _message(error)[1]
            status = error.status
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = secret
            return redirect("/victim")
    return _render(request, "intake/victim_sign_in.html", {"errors": errors}, status)


def _signed_out(request: HttpRequest) -> HttpResponse:
    return _render(request, "intake/victim_signed_out.html", {}, status=401)


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    session = _session(request)
    if session is None:
        return _signed_out(request)
    return _render(request, "intake/victim_home.html", {"view": serialise.victim_view(session)})


def _when(answers: dict[str, str]) -> datetime:
    try:
        day = datetime(int(answers["year"]), int(answers["month"]), int(answers["day"]))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            "occurred_at: enter the date it happened, like 27 3 2026", field="day"
        ) from exc
    clock = answers["time"].replace(".", ":").strip()
    at = time(12, 0)
    if clock:
        try:
            at = time.fromisoformat(clock if len(clock) > 2 else f"{clock}:00")
        except ValueError as exc:
            raise InvalidInput(
                "occurred_at: enter the time as hours and minutes, like 19:30", field="time"
            ) from exc
    return timezone.make_aware(datetime.combine(day.date(), at))


DIARY_FIELDS = ("day", "month", "year", "time", "place", "what_happened", "effect", "witnesses")


@csrf_exempt
@never_cache
def diary_new(request: HttpRequest) -> HttpResponse:
    """A new diary entry (with a file, optionally). The size guard goes on before the
    body is read, so the CSRF check runs after it."""
    session = _session(request)
    if session is None:
        return _signed_out(request)
    if request.method == "POST":
        try:
            uploads.guarded(request)
        except InvalidInput as error:
            return _diary_form(request, {}, dict([_message(error)]), 400)
        return _diary_post(request, session=session)
    return _diary_form(request, {f: "" for f in DIARY_FIELDS}, {})


def _diary_form(
    request: HttpRequest, answers: dict[str, str], errors: dict[str, str], status: int = 200
) -> HttpResponse:
    if "form" in errors or "file" in errors:
        errors.setdefault("file", errors.pop("form", ""))
    return _render(
        request, "intake/victim_diary.html", {"answers": answers, "errors": errors}, status
    )


@csrf_protect
def _diary_post(request: HttpRequest, *, session: VictimSession) -> HttpResponse:
    answers = {f: str(request.POST.get(f, "")).strip() for f in DIARY_FIELDS}
    file = request.FILES.get("file")
    try:
        uploads.check_stopped(request)
        data = {
            "occurred_at": _when(answers),
            "place": answers["place"],
            "what_happened": answers["what_happened"],
            "effect": answers["effect"],
            "witnesses": answers["witnesses"],
        }
        if file is not None:
            uploads.check_size(file.name or "", file.size or 0)
        entry = victim.add_diary_entry(session, AddDiaryEntry.from_dict(data))
    except FoursightError as error:
        field, text = _message(error)
        return _diary_form(
            request, answers, {"day" if field == "occurred_at" else field: text}, 400
        )
    if file is not None:
        try:
            uploads.upload(session, file, file.name or "", file.size or 0, diary_entry_id=entry.pk)
        except FoursightError as error:
            return _render(
                request,
                "intake/victim_saved.html",
                {"entry": entry, "file_problem": _message(error)[1]},
            )
    return HttpResponseRedirect("/victim?saved=diary")


@csrf_exempt
@never_cache
def upload_new(request: HttpRequest) -> HttpResponse:
    session = _session(request)
    if session is None:
        return _signed_out(request)
    if request.method == "POST":
        try:
            uploads.guarded(request)
        except InvalidInput as error:
            return _upload_form(request, {"file": _message(error)[1]}, 400)
        return _upload_post(request, session=session)
    return _upload_form(request, {})


def _upload_form(request: HttpRequest, errors: dict[str, str], status: int = 200) -> HttpResponse:
    return _render(request, "intake/victim_upload.html", {"errors": errors}, status)


@csrf_protect
def _upload_post(request: HttpRequest, *, session: VictimSession) -> HttpResponse:
    file = request.FILES.get("file")
    try:
        uploads.check_stopped(request)
        if file is None:
            raise InvalidInput("file: choose a file to send", field="file")
        uploads.upload(session, file, file.name or "", file.size or 0)
    except FoursightError as error:
        return _upload_form(request, {"file": _message(error)[1]}, error.status)
    return HttpResponseRedirect("/victim?saved=file")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session = _session(request)
    if session is not None:
        victim.end_session(session)
    request.session.flush()
    return _render(request, "intake/victim_signed_out.html", {"signed_out": True})


@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave at once: forget the victim's sign-in and go to a neutral site."""
    session = _session(request)
    if session is not None:
        victim.end_session(session)
    request.session.flush()
    response = HttpResponseRedirect(NEUTRAL_SITE)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
