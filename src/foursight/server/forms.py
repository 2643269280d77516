"""Forms that behave: a refused form comes back on the same page, explained, with what was typed.

A POST handler wrapped in :func:`redisplay` runs as usual; if it raises
:class:`~foursight.errors.InvalidInput` (a domain rule, naming its field) or
:class:`FormInvalid` (a Django form's errors, from :func:`cleaned`), the page the form sits
on is rendered again with status 400 and a :class:`FormState`: the GOV.UK error summary
(``form_errors``), a message beside each field and the values posted. Templates draw the
fields with ``{% field %}`` and ``{% bound_field %}`` (``server/formtags.py``), which read
that state. Messages are plain words naming the field as the page labels it; a domain
error's internal field name (``date_of_birth: ...``) is replaced by the label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict

from foursight.core import typed_dates
from foursight.errors import Conflict, FoursightError, InvalidInput

View = Callable[..., HttpResponse]
_PREFIX = re.compile(r"^([a-z_][a-z_0-9.\[\]]*): ?(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Field:
    """A form field as the page shows it: its input's id and its label."""

    id: str
    label: str


@dataclass
class FormState:
    """The refused form (its name on the page), what was posted and the problems found."""

    form: str
    posted: QueryDict
    problems: list[dict[str, str]] = field(default_factory=list)

    def error(self, input_id: str) -> str:
        return next((p["message"] for p in self.problems if p["field"] == input_id), "")


class FormInvalid(InvalidInput):
    """A Django form's errors, already in plain words."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


def humanise(name: str) -> str:
    """``date_of_birth`` -> ``Date of birth``: the last resort for a field with no label."""
    return (
        re.sub(r"\[\d+\]", "", name.split(".")[-1]).replace("_", " ").strip().capitalize()
        or "This field"
    )


def _sentence(label: str, text: str) -> str:
    text = text.strip().rstrip(".")
    if not text:
        return f"{label} is not valid"
    if text.lower().startswith(label.lower()):
        return text
    return f"{label}: {text}"


def problem_from_error(
    exc: FoursightError, fields: Mapping[str, Field], form: str = ""
) -> dict[str, str]:
    """One summary entry for a domain error; its field named as the page labels it.

    A field not in ``fields`` is taken to be the input ``{form}-{name}`` (the ids
    ``bound`` forms get with ``auto_id="{form}-%s"``)."""
    message = exc.message
    name = exc.field
    match = _PREFIX.match(message)
    said = match.group(1) if match else ""
    if said and ((name and said.startswith(name)) or said in fields):
        message = match.group(2) if match else message
        name = name or said
    if name is None:
        return {"field": "", "message": message}
    last = re.sub(r"\[\d+\]", "", name.split(".")[-1])
    spec = fields.get(name) or fields.get(last) or Field(f"{form}-{last}", humanise(last))
    for other, named in fields.items():
        message = re.sub(rf"\b{re.escape(other)}\b", named.label.lower(), message)
    return {"field": spec.id, "message": _sentence(spec.label, message)}


_DJANGO_WORDS = {
    "required": "{label} is required",
    "invalid_choice": "Choose {lower} from the list",
    "invalid_list": "Choose {lower} from the list",
    "max_length": "{label} is too long",
    "invalid": "{label} is not valid",
}


def problems_from_form(
    form: forms.BaseForm, ids: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """A Django form's errors as summary entries, in the order of the form's fields."""
    out = []
    data = form.errors.as_data()
    for name in [*form.fields, "__all__"]:
        for error in data.get(name, []):
            if name == "__all__":
                out.append({"field": "", "message": " ".join(error.messages)})
                continue
            bound = form[name]
            label = str(bound.label or humanise(name))
            words = _DJANGO_WORDS.get(error.code or "")
            if error.code == "plain" or words is None:
                message = _sentence(label, " ".join(error.messages))
            else:
                message = words.format(label=label, lower=label.lower())
            out.append({"field": (ids or {}).get(name) or bound.auto_id, "message": message})
    return out


def cleaned(form: forms.Form, ids: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The form's cleaned data, or :class:`FormInvalid` with its errors in plain words."""
    if not form.is_valid():
        raise FormInvalid(problems_from_form(form, ids))
    return form.cleaned_data


def state(request: HttpRequest) -> FormState | None:
    """The refused form being shown again on this request, if any."""
    found = getattr(request, "form_state", None)
    return found if isinstance(found, FormState) else None


def bound(request: HttpRequest, name: str, form_class: type[forms.Form], **kwargs: Any) -> Any:
    """The page's ``form_class``: bound to what was posted if it is the refused form ``name``,
    with the domain's problems beside its fields."""
    refused = state(request)
    if refused is None or refused.form != name:
        return form_class(**kwargs)
    form = form_class(refused.posted, **{k: v for k, v in kwargs.items() if k != "initial"})
    form.is_valid()
    for problem in refused.problems:
        field_name = problem["field"].removeprefix(f"{name}-")
        if field_name in form.fields and field_name not in form.errors:
            form.add_error(field_name, forms.ValidationError(problem["message"], code="plain"))
    return form


def refuse(
    request: HttpRequest, form: str, exc: FoursightError, fields: Mapping[str, Field] | None = None
) -> None:
    """Mark ``form`` as refused on this request, to show it again on the same page."""
    problems = (
        exc.problems
        if isinstance(exc, FormInvalid)
        else [problem_from_error(exc, fields or {}, form)]
    )
    request.form_state = FormState(form, request.POST, problems)  # type: ignore[attr-defined]


def redisplay(
    page: View,
    form: str | Callable[..., str],
    fields: Mapping[str, Field] | Callable[..., Mapping[str, Field]] | None = None,
) -> Callable[[View], View]:
    """Wrap a POST handler: a refusal (``InvalidInput``, 400, or ``Conflict``, 409) shows
    ``page`` again with the form ``form`` refused. Where a page holds one such form per
    item, ``form`` and ``fields`` may be functions of the view's URL arguments (the form
    ``status-12`` of item 12)."""

    def wrap(handler: View) -> View:
        @wraps(handler)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return handler(request, *args, **kwargs)
            except (InvalidInput, Conflict) as exc:
                name = form(*args, **kwargs) if callable(form) else form
                named = fields(*args, **kwargs) if callable(fields) else fields
                refuse(request, name, exc, named)
                status = exc.status
            response = page(request, *args, **kwargs)
            response.status_code = status
            return response

        return inner

    return wrap


def form_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``form_errors`` for the error summary when a form was refused."""
    refused = state(request)
    if refused is None:
        return {}
    return {"form_errors": refused.problems, "refused_form": refused.form}


def _plain(exc: InvalidInput) -> forms.ValidationError:
    return forms.ValidationError(exc.message, code="plain")


class DayField(forms.CharField):
    """A date typed as d/m/yyyy (or yyyy-mm-dd), read by :func:`typed_dates.parse_day`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 27/3/2026")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return typed_dates.parse_day(text, str(self.label or "Date"))
        except InvalidInput as exc:
            raise _plain(exc) from exc

    def prepare_value(self, value: Any) -> Any:
        return f"{value.day}/{value.month}/{value.year}" if hasattr(value, "year") else value


class BirthField(forms.CharField):
    """A whole or partial date of birth, held as ``YYYY[-MM[-DD]]`` (:func:`parse_birth`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", "For example, 4/3/1991; or 3/1991 or 1991 if that is all you know"
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return typed_dates.parse_birth(super().to_python(value) or "", str(self.label))
        except InvalidInput as exc:
            raise _plain(exc) from exc


def local_moment(form: forms.Form, day: str, clock: str, *, required: bool) -> Any:
    """The UTC time of a form's date field ``day`` and UK local time field ``clock``.

    Problems are added to the form (on the time field), and ``None`` returned."""
    day_value = form.cleaned_data.get(day)
    text = (form.data.get(form.add_prefix(clock)) or "").strip()
    if day in form.errors:
        return None
    if day_value is None and not text:
        if required:
            form.add_error(day, forms.ValidationError("", code="required"))
        return None
    if day_value is None:
        form.add_error(day, forms.ValidationError("", code="required"))
        return None
    try:
        return typed_dates.parse_local_time(
            day_value.isoformat(), text, time_label=str(form.fields[clock].label)
        )
    except InvalidInput as exc:
        form.add_error(clock, _plain(exc))
        return None


def typed_day(text: str, label: str, field: str) -> str | None:
    """A page's date box (d/m/yyyy or ISO) as an ISO date for a command; blank: ``None``."""
    if not (text or "").strip():
        return None
    try:
        return typed_dates.parse_day(text, label).isoformat()
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from exc


def typed_moment(text: str, label: str, field: str) -> Any:
    """A page's "date and time" box, ``27/3/2026 18:05`` in UK local time (or the ISO
    ``2026-03-27T18:05`` a datetime-local box sends), as an aware UTC datetime; blank: ``None``."""
    raw = (text or "").strip()
    if not raw:
        return None
    day, _, clock = raw.replace("T", " ").rpartition(" ")
    if not day:
        raise InvalidInput(
            f"{label} needs a date and a time, for example 27/3/2026 18:05", field=field
        )
    try:
        return typed_dates.parse_local_time(day, clock, label, label)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from exc
