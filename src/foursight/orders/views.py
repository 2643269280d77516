"""Pages for orders: the dashboard, registering an order, the order page and its forms,
and the order panels on report and person pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from foursight.accounts.access import may_write, require_writer
from foursight.accounts.models import Role, User
from foursight.accounts.views import page_justification, page_user
from foursight.cases.access import report_for, visible_parties
from foursight.cases.models import Party, Report
from foursight.core.order_commands import CreateOrder, NewCondition, RecordBreach, UpdateOrder
from foursight.errors import InvalidInput
from foursight.orders import actions, rules
from foursight.orders.access import (
    breaches_of,
    in_force,
    order_for,
    search_orders,
    sees_breaches,
    visible_orders,
)
from foursight.orders.detection_actions import DetectionResult, detect_breaches
from foursight.orders.models import Breach, BreachTask, Condition, Order, OrderKind
from foursight.orders.serialise import PROTECTED_NAME, breach_out, order_out, orders_out
from foursight.people.access import shown_person_ids
from foursight.people.models import Person
from foursight.server.forms import Field, redisplay, refuse, state, typed_day, typed_moment

EXPIRING_DAYS = 30
RECENT_DAYS = 30


def _ids(value: str, field: str) -> list[int]:
    try:
        return [int(v) for v in value.replace(",", " ").split()]
    except ValueError as exc:
        raise InvalidInput(
            f"{field}: give person numbers separated by commas", field=field
        ) from exc


ORDER_FIELDS = {
    "kind": Field("o-kind", "Type of order"),
    "subject_id": Field("o-subject", "Subject"),
    "protected_ids": Field("o-protected", "Protected persons"),
    "report_id": Field("o-report", "Linked report"),
    "court": Field("o-court", "Court"),
    "court_reference": Field("o-ref", "Court reference"),
    "made_on": Field("o-made", "Made on"),
    "served_on": Field("o-served", "Served on"),
    "expires_on": Field("o-expires", "Expires on"),
    "conditions": Field("c-nc", "Conditions"),
}
DATE_LABELS = {
    "made_on": "Made on",
    "served_on": "Served on",
    "expires_on": "Expires on",
    "notified_on": "Notified on",
    "discharged_on": "Discharged on",
}


def _day(post: Any, name: str) -> str | None:
    return typed_day(post.get(name, ""), DATE_LABELS[name], name)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Orders expiring soon, overdue SPO notifications, breaches to decide and recent ones."""
    user = page_user(request)
    orders = search_orders(
        user, {"view": "orders dashboard"}, justification=page_justification(request)
    )
    today = timezone.localdate()
    current = in_force(orders, today).select_related("subject")
    expiring = current.filter(expires_on__lte=today + timedelta(days=EXPIRING_DAYS)).order_by(
        "expires_on"
    )
    spo = current.filter(kind__in=rules.SPO_KINDS, notified_on__isnull=True)
    context: dict[str, Any] = {
        "expiring": orders_out(user, expiring[:50], today),
        "overdue": orders_out(
            user,
            [
                o
                for o in spo
                if rules.notification_overdue(o.kind, o.served_on, o.notified_on, today)
            ],
            today,
        ),
        "orders": orders_out(user, orders.order_by("-made_on", "-id")[:50], today),
        "expiring_days": EXPIRING_DAYS,
        "now": timezone.now(),
        "recent_days": RECENT_DAYS,
        "can_write": may_write(user),
        "sees_breaches": sees_breaches(user),
    }
    if sees_breaches(user):
        breaches = Breach.objects.filter(order__in=orders.values("pk")).select_related(
            "order", "order__subject"
        )
        context["potential"] = list(breaches.filter(status=Breach.Status.POTENTIAL)[:50])
        context["recent"] = list(
            breaches.filter(
                status=Breach.Status.CONFIRMED,
                occurred_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
            )[:50]
        )
        context["tasks"] = list(
            BreachTask.objects.filter(breach__order__in=orders.values("pk"), done_at__isnull=True)
            .select_related("breach__order__subject")
            .order_by("due_at")[:50]
        )
        _name_subjects(
            user,
            [b.order for b in context["potential"] + context["recent"]]
            + [t.breach.order for t in context["tasks"]],
        )
    return render(request, "orders/dashboard.html", context)


def _name_subjects(user: User, orders: list[Order]) -> None:
    """Set ``subject_name`` on each order as the person rule lets ``user`` see it."""
    shown = shown_person_ids(user, [o.subject_id for o in orders])
    for order in orders:
        shown_name = order.subject.display_name if order.subject_id in shown else PROTECTED_NAME
        order.subject_name = shown_name  # type: ignore[attr-defined]


def _conditions_from_post(post: Any, protected: list[int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if post.get("no_contact"):
        out.append({"kind": "no_contact", "person_ids": protected})
    if post.get("no_social_media"):
        out.append({"kind": "no_social_media"})
    if post.get("postcode"):
        radius = post.get("radius_m", "")
        out.append(
            {
                "kind": "exclusion_postcode",
                "postcode": post["postcode"],
                "radius_m": int(radius) if radius.isdigit() else None,
            }
        )
    if post.get("address"):
        out.append({"kind": "exclusion_address", "address": post["address"]})
    if post.get("other"):
        out.append({"kind": "other", "text": post["other"]})
    return out


def _prefill(user: User, request: HttpRequest) -> dict[str, Any]:
    """Subject and protected persons from the report the form was opened from."""
    raw = request.GET.get("report", "")
    if not raw.isdigit():
        return {}
    report = report_for(user, int(raw), justification=page_justification(request))
    parties = visible_parties(user, report)
    suspects = [str(p.person_id) for p in parties if p.role == Party.Role.SUSPECT]
    victims = [str(p.person_id) for p in parties if p.role == Party.Role.VICTIM]
    return {
        "report_id": report.pk,
        "subject_id": suspects[0] if suspects else "",
        "protected_ids": ", ".join(victims),
    }


@login_required
@require_http_methods(["GET", "POST"])
def order_new(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    require_writer(user)
    values: dict[str, Any] = {"no_contact": True}
    if request.method == "GET":
        values.update(_prefill(user, request))
    else:
        post = request.POST
        values = {k: post.get(k, "") for k in post}
        try:
            protected = _ids(post.get("protected_ids", ""), "protected_ids")
            subject = _ids(post.get("subject_id", ""), "subject_id")
            data: dict[str, Any] = {
                "kind": post.get("kind"),
                "subject_id": subject[0] if subject else None,
                "protected_ids": protected,
                "report_id": int(post["report_id"])
                if post.get("report_id", "").isdigit()
                else None,
                "court": post.get("court", ""),
                "court_reference": post.get("court_reference", ""),
                "made_on": _day(post, "made_on"),
                "expires_on": _day(post, "expires_on"),
                "until_further_order": bool(post.get("until_further_order")),
                "served_on": _day(post, "served_on"),
                "conditions": _conditions_from_post(post, protected),
            }
            order = actions.create_order(
                user, CreateOrder.from_dict(data), justification=page_justification(request)
            )
        except InvalidInput as exc:
            refuse(request, "order", exc, ORDER_FIELDS)
        else:
            messages.success(request, f"{order.get_kind_display()} registered")
            return redirect(f"/orders/{order.pk}")
    return render(
        request,
        "orders/order_new.html",
        {"values": values, "kinds": OrderKind.choices},
        status=400 if state(request) else 200,
    )


@login_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    user = page_user(request)
    order = order_for(user, order_id, justification=page_justification(request))
    breaches = (
        [breach_out(user, b) for b in breaches_of(user, order)] if sees_breaches(user) else None
    )
    occasions = list(order.report.occasions.all()) if order.report is not None else []
    context = {
        "order": order_out(user, order),
        "breaches": breaches,
        "occasions": occasions,
        "can_write": may_write(user),
        "condition_kinds": Condition.Kind.choices,
    }
    return render(request, "orders/order_detail.html", context)


def _back(order_id: int, anchor: str) -> HttpResponse:
    return redirect(f"/orders/{order_id}#{anchor}")


@login_required
@require_POST
@redisplay(
    order_detail, "update", {k: Field(f"u-{k.split('_')[0]}", v) for k, v in DATE_LABELS.items()}
)
def order_update(request: HttpRequest, order_id: int) -> HttpResponse:
    """Record the notification, service, expiry or discharge from the order page."""
    user = page_user(request)
    fields = ("served_on", "notified_on", "discharged_on", "expires_on", "court_reference")
    data: dict[str, Any] = {k: request.POST[k] for k in fields if request.POST.get(k)}
    if not data:
        raise InvalidInput("Fill in at least one date to change.")
    for name in set(data) & set(DATE_LABELS):
        data[name] = _day(request.POST, name)
    actions.update_order(
        user, order_id, UpdateOrder.from_dict(data), justification=page_justification(request)
    )
    messages.success(request, "Order details saved")
    return _back(order_id, "facts")


CONDITION_FIELDS = {
    "kind": Field("c-kind", "Kind"),
    "person_ids": Field("c-persons", "Named persons"),
    "address": Field("c-address", "Address"),
    "postcode": Field("c-postcode", "Postcode"),
    "radius_m": Field("c-radius", "Radius in metres"),
    "text": Field("c-text", "Wording"),
}
BREACH_FIELDS = {
    "occurred_at": Field("b-when", "When it happened"),
    "report_id": Field("b-report", "Report"),
    "description": Field("b-desc", "What happened"),
}


@login_required
@require_POST
@redisplay(order_detail, "condition", CONDITION_FIELDS)
def condition_new(request: HttpRequest, order_id: int) -> HttpResponse:
    user = page_user(request)
    post = request.POST
    radius = post.get("radius_m", "")
    data = {
        "kind": post.get("kind"),
        "person_ids": _ids(post.get("person_ids", ""), "person_ids"),
        "address": post.get("address", ""),
        "postcode": post.get("postcode", ""),
        "radius_m": int(radius) if radius.isdigit() else None,
        "text": post.get("text", ""),
    }
    actions.add_condition(
        user, order_id, NewCondition.from_dict(data), justification=page_justification(request)
    )
    messages.success(request, "Condition added")
    return _back(order_id, "conditions")


@login_required
@require_POST
def condition_remove(request: HttpRequest, order_id: int, condition_id: int) -> HttpResponse:
    user = page_user(request)
    actions.remove_condition(
        user, order_id, condition_id, justification=page_justification(request)
    )
    messages.success(request, "Condition removed")
    return _back(order_id, "conditions")


@login_required
@require_POST
@redisplay(order_detail, "breach", BREACH_FIELDS)
def breach_new(request: HttpRequest, order_id: int) -> HttpResponse:
    user = page_user(request)
    post = request.POST
    data = {
        "occurred_at": typed_moment(post.get("occurred_at", ""), "When it happened", "occurred_at"),
        "report_id": int(post["report_id"]) if post.get("report_id", "").isdigit() else None,
        "occasion_ids": [int(v) for v in post.getlist("occasion_ids") if v.isdigit()],
        "description": post.get("description", ""),
    }
    actions.record_breach(
        user, order_id, RecordBreach.from_dict(data), justification=page_justification(request)
    )
    messages.success(request, "Breach recorded")
    return _back(order_id, "breaches")


@login_required
@require_POST
@redisplay(order_detail, "decision")
def breach_decide(request: HttpRequest, order_id: int, breach_id: int) -> HttpResponse:
    user = page_user(request)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "dismiss"):
        raise InvalidInput("decision: confirm or dismiss", field="decision")
    actions.decide_breach(
        user,
        order_id,
        breach_id,
        confirm=decision == "confirm",
        reason=request.POST.get("reason", ""),
        justification=page_justification(request),
    )
    messages.success(request, "Breach confirmed" if decision == "confirm" else "Breach dismissed")
    return _back(order_id, f"breach-{breach_id}")


@login_required
@require_POST
def task_done(request: HttpRequest, order_id: int, task_id: int) -> HttpResponse:
    user = page_user(request)
    actions.complete_task(
        user,
        order_id,
        task_id,
        request.POST.get("notes", ""),
        justification=page_justification(request),
    )
    messages.success(request, "Task marked done")
    return _back(order_id, "breaches")


@login_required
@require_POST
def detect_now(request: HttpRequest, order_id: int) -> HttpResponse:
    user = page_user(request)
    require_writer(user)
    order = order_for(user, order_id, justification=page_justification(request))
    found = detect_breaches(user, order_ids=[order.pk])
    messages.success(request, _scanned(found))
    return _back(order_id, "breaches")


def _scanned(found: DetectionResult) -> str:
    count = len(found.new_breaches)
    return (
        f"Evidence scanned for contact: {found.events_scanned} events, "
        f"{count} new possible breach{'es' if count != 1 else ''}"
    )


def _panel(user: User, orders: list[Order], new_link: str) -> str:
    if user.role == Role.ANALYST:
        return ""
    today = timezone.localdate()
    return render_to_string(
        "orders/_panel.html",
        {
            "orders": orders_out(user, orders, today),
            "new_link": new_link if may_write(user) else "",
            "sees_breaches": sees_breaches(user),
        },
    )


def report_panel(request: HttpRequest, user: User, report: Report) -> str:
    """Orders against or protecting this report's people that the user may see."""
    person_ids = [p.person_id for p in visible_parties(user, report)]
    involving = Q(subject_id__in=person_ids) | Q(protected__in=person_ids)
    orders: list[Order] = []
    # Most reports have no order: the indexed look-up spares them the visibility rule's scan.
    if Order.objects.filter(involving).exists():
        orders = list(visible_orders(user).filter(involving))
    return _panel(user, orders, f"/orders/new?report={report.pk}")


def person_panel(request: HttpRequest, user: User, person: Person) -> str:
    """Orders against or protecting this person that the user may see."""
    orders = visible_orders(user).filter(Q(subject=person) | Q(protected=person))
    return _panel(user, list(orders), "/orders/new")
