from django.urls import path

from foursight.intake import public_views, staff_views, victim_views

urlpatterns = [
    path("public/report", public_views.report, name="public-report"),
    path("public/information", public_views.information, name="public-information"),
    path("quick-exit", victim_views.quick_exit, name="quick-exit"),
    path("victim", victim_views.home, name="victim-home"),
    path("victim/diary/new", victim_views.diary_new, name="victim-diary"),
    path("victim/upload", victim_views.upload_new, name="victim-upload"),
    path("victim/sign-out", victim_views.sign_out, name="victim-sign-out"),
    path("victim/<str:token>", victim_views.sign_in, name="victim-sign-in"),
    path("triage", staff_views.queue, name="triage"),
    path("triage/online/<int:online_id>", staff_views.online_detail, name="triage-online"),
    path(
        "triage/information/<int:item_id>",
        staff_views.information_detail,
        name="triage-information",
    ),
    path("triage/diary/<int:entry_id>", staff_views.diary_detail, name="triage-diary"),
    path("reports/<int:report_id>/victim-link", staff_views.give_link, name="victim-link"),
    path("victim-links/<int:access_id>/revoke", staff_views.revoke_link, name="victim-link-revoke"),
]
