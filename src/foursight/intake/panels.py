"""Intake panels on the report page (the victim's link, diary entries and files) and on
the person page (graded intelligence about them)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from foursight.accounts.access import may_write, sees_victims
from foursight.accounts.models import User
from foursight.cases.models import Report
from foursight.intake import serialise
from foursight.intake.access import intelligence_about, may_triage
from foursight.people.models import Person


def report_panel(request: HttpRequest, user: User, report: Report) -> str:
    if not may_triage(user) or not sees_victims(user):
        return ""
    context = {
        "report": report,
        "links": list(report.victim_links.select_related("created_by")),
        "diary": [serialise.diary_out(e) for e in report.diary.all()],
        "uploads": [serialise.upload_out(u) for u in report.victim_uploads.all()],
        "online": getattr(report, "online", None),
        "may_write": may_write(user),
    }
    return render_to_string("intake/_report_panel.html", context, request=request)


def person_panel(request: HttpRequest, user: User, person: Person) -> str:
    items = [serialise.information_out(i, full=False) for i in intelligence_about(user, person)]
    if not items:
        return ""
    return render_to_string("intake/_person_panel.html", {"items": items})
