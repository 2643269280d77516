"""Page forms for reports: they check types; the actions check the domain rules."""

from __future__ import annotations

from django import forms

from foursight.core import reference


def _choices(items: tuple[reference.Code, ...], blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + [(c.code, f"{c.name} ({c.code})" if len(c.code) <= 4 else c.name) for c in items]


class ReportFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Reference or surname")
    unit = forms.CharField(required=False, label="BCU or borough code")
    offence = forms.ChoiceField(
        required=False, choices=lambda: _choices(reference.offences(), "Any offence")
    )
    status = forms.ChoiceField(
        required=False,
        choices=lambda: _choices(reference.vocabulary("report_statuses"), "Any status"),
    )
    reported_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reported_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReportForm(forms.Form):
    unit = forms.ChoiceField(label="Borough")
    channel = forms.ChoiceField(choices=lambda: _choices(reference.vocabulary("channels")))
    offences = forms.MultipleChoiceField(
        choices=lambda: _choices(reference.offences()), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    domestic_abuse = forms.BooleanField(required=False, label="Domestic abuse")
    cyber_element = forms.BooleanField(
        required=False, label="Cyber element (online or digital means used)"
    )


class FlagsForm(forms.Form):
    domestic_abuse = forms.BooleanField(required=False, label="Domestic abuse")
    cyber_element = forms.BooleanField(
        required=False, label="Cyber element (online or digital means used)"
    )


class OccasionForm(forms.Form):
    started_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ended_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    behaviours = forms.MultipleChoiceField(
        choices=lambda: _choices(reference.vocabulary("behaviours")),
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(required=False, max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(choices=lambda: _choices(reference.vocabulary("occasion_sources")))


class OutcomeForm(forms.Form):
    code = forms.ChoiceField(label="Outcome", choices=lambda: _choices(reference.outcomes()))
    outcome_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    charge = forms.CharField(required=False, max_length=200)
    charged_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    first_hearing = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    trial_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    withdrawal_reason = forms.ChoiceField(
        required=False, choices=lambda: _choices(reference.withdrawal_reasons(), "None")
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


def form_errors(form: forms.Form) -> str:
    """A form's errors on one line, each naming its field."""
    return "; ".join(
        f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
    )
