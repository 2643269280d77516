"""Page forms for reports: they check types; the actions check the domain rules."""

from __future__ import annotations

from typing import Any

from django import forms

from foursight.core import reference
from foursight.server.forms import BirthField, DayField, local_moment


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


TIME_HINT = "UK local time (BST in summer), for example 18:05"


class OccasionForm(forms.Form):
    started_on = DayField(label="Date it happened")
    started_time = forms.CharField(label="Time it started", help_text=TIME_HINT)
    ended_on = DayField(
        label="Date it ended", required=False, help_text="Leave blank if the same day"
    )
    ended_time = forms.CharField(label="Time it ended", required=False, help_text=TIME_HINT)
    behaviours = forms.MultipleChoiceField(
        choices=lambda: _choices(reference.vocabulary("behaviours")),
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(required=False, max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(
        label="Where the account comes from",
        choices=lambda: _choices(reference.vocabulary("occasion_sources")),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("ended_on") and self.data.get("ended_time"):
            data["ended_on"] = data.get("started_on")
        data["started_at"] = local_moment(self, "started_on", "started_time", required=True)
        data["ended_at"] = local_moment(self, "ended_on", "ended_time", required=False)
        return data

    def occasion(self) -> dict[str, Any]:
        """The cleaned data as ``cases.actions.add_occasion`` takes it."""
        keys = ("started_at", "ended_at", "behaviours", "location", "description", "source")
        return {key: self.cleaned_data.get(key) for key in keys}


class OutcomeForm(forms.Form):
    code = forms.ChoiceField(label="Outcome", choices=lambda: _choices(reference.outcomes()))
    outcome_date = DayField(label="Date of the outcome", required=False)
    charge = forms.CharField(required=False, max_length=200)
    charged_on = DayField(label="Date charged", required=False)
    first_hearing = DayField(label="Date of the first hearing", required=False)
    trial_date = DayField(label="Date of the trial", required=False)
    withdrawal_reason = forms.ChoiceField(
        required=False, choices=lambda: _choices(reference.withdrawal_reasons(), "None")
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PartyForm(forms.Form):
    """Add a person to a report: a new person record and their part in the report."""

    role = forms.ChoiceField(
        choices=[("victim", "Victim"), ("suspect", "Suspect"), ("witness", "Witness")],
        widget=forms.RadioSelect,
    )
    first_names = forms.CharField(required=False, max_length=200)
    surname = forms.CharField(required=False, max_length=200)
    date_of_birth = BirthField(label="Date of birth", required=False)
    phone = forms.CharField(required=False, label="Phone number", max_length=40)
    relationship = forms.ChoiceField(
        required=False,
        label="Relationship to the victim (suspects only)",
        choices=lambda: _choices(reference.vocabulary("relationships"), "Not known"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("first_names") or data.get("surname")):
            self.add_error(
                "surname",
                forms.ValidationError("Enter a first name or a surname", code="plain"),
            )
        return data


def form_errors(form: forms.Form) -> str:
    """A form's errors on one line, each naming its field."""
    return "; ".join(
        f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
    )
