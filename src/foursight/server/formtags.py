"""GOV.UK form groups in one tag (a builtin, like the display filters).

``{% field "party" "surname" "Surname" id="p-surname" %}`` draws the label, hint, error
message and input of one field of the form named ``party`` on the page; when that form
was refused (``server/forms.py``) it shows the value posted and the field's problem.
``kind`` is ``input`` (the default), ``textarea``, ``select`` (``choices``: pairs or codes
with ``code`` and ``name``) or ``radios``. ``{% bound_field form.location %}`` draws a
Django form's field the same way.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms, template

from foursight.server.forms import humanise, problems_from_form, state

register = template.Library()

_KINDS = {
    forms.Textarea: "textarea",
    forms.CheckboxSelectMultiple: "checkboxes",
    forms.RadioSelect: "radios",
    forms.CheckboxInput: "checkbox",
    forms.Select: "select",
}


def _pairs(choices: Any) -> list[tuple[str, str]]:
    out = []
    for choice in choices or ():
        if isinstance(choice, (tuple, list)):
            out.append((str(choice[0]), str(choice[1])))
        else:
            out.append((str(choice.code), str(choice.name)))
    return out


@register.inclusion_tag("includes/field.html", takes_context=True)
def field(
    context: template.Context,
    form: str,
    name: str,
    label: str,
    *,
    id: str = "",
    kind: str = "input",
    hint: str = "",
    value: Any = "",
    choices: Any = None,
    type: str = "text",
    width: str = "",
    rows: int = 3,
    autocomplete: str = "",
    inputmode: str = "",
    required: bool = False,
) -> dict[str, Any]:
    """One field of a hand-written form."""
    input_id = id or f"{form}-{name}"
    refused = state(context["request"])
    error = ""
    if refused is not None and refused.form == form:
        value = refused.posted.get(name, "")
        error = refused.error(input_id)
    text = "" if value is None else str(value)
    return {
        "f": {
            "kind": kind,
            "id": input_id,
            "name": name,
            "label": label,
            "hint": hint,
            "value": text,
            "values": [text],
            "choices": _pairs(choices),
            "error": error,
            "type": type,
            "width": width,
            "rows": rows,
            "autocomplete": autocomplete,
            "inputmode": inputmode,
            "required": required,
        }
    }


@register.inclusion_tag("includes/field.html")
def bound_field(bound: forms.BoundField, hint: str = "", width: str = "") -> dict[str, Any]:
    """One field of a Django form, bound or not."""
    widget = bound.field.widget
    kind = next((k for cls, k in _KINDS.items() if isinstance(widget, cls)), "input")
    value = bound.value()
    values = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value or "")]
    error = ""
    if bound.form.is_bound and bound.errors:
        error = next(
            (p["message"] for p in problems_from_form(bound.form) if p["field"] == bound.auto_id),
            "",
        )
    return {
        "f": {
            "kind": kind,
            "id": bound.auto_id,
            "name": bound.html_name,
            "label": bound.label,
            "hint": hint or bound.help_text,
            "value": values[0] if values else "",
            "values": values,
            "checked": bool(value) if kind == "checkbox" else False,
            "choices": _pairs(getattr(bound.field, "choices", None)),
            "error": error,
            "type": widget.attrs.get("type") or getattr(widget, "input_type", "text") or "text",
            "width": width,
            "rows": widget.attrs.get("rows", 3),
            "autocomplete": widget.attrs.get("autocomplete", ""),
            "inputmode": widget.attrs.get("inputmode", ""),
            "required": False,
        }
    }


@register.filter
def plain_error(message: str) -> str:
    """A domain message ``person_id: give ...`` as ``Person id: give ...`` for a page."""
    found = re.match(r"^([a-z][a-z_]*(?:\[\d+\])?): (.+)$", str(message), re.DOTALL)
    if not found:
        return str(message)
    return f"{humanise(found.group(1))}: {found.group(2)}"
