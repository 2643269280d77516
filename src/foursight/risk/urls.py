from django.urls import path

from foursight.risk import stac_views, views

urlpatterns = [
    path("reports/<int:report_id>/risk", views.report_risk, name="risk-report"),
    path("reports/<int:report_id>/risk/assess", views.assess_start, name="risk-assess-start"),
    path(
        "reports/<int:report_id>/risk/assess/<str:instrument_id>",
        views.assess,
        name="risk-assess",
    ),
    path("reports/<int:report_id>/risk/stac-referral", views.stac_referral, name="risk-stac"),
    path("reports/<int:report_id>/risk/referrals", views.referral_new, name="risk-referral"),
    path(
        "reports/<int:report_id>/risk/reassessments",
        views.reassessment_new,
        name="risk-reassessment",
    ),
    path("assessments/<int:assessment_id>", views.assessment_page, name="risk-assessment"),
    path("stac", stac_views.stac_case_list, name="stac-cases"),
    path("reports/<int:report_id>/stac", stac_views.stac_case, name="stac-case"),
    path(
        "reports/<int:report_id>/stac/decision",
        stac_views.stac_decision,
        name="stac-decision",
    ),
    path(
        "reports/<int:report_id>/stac/conferences",
        stac_views.conference_new,
        name="stac-conference",
    ),
    path("reports/<int:report_id>/stac/plan", stac_views.plan_set, name="stac-plan"),
    path(
        "reports/<int:report_id>/stac/plan/actions",
        stac_views.plan_action_new,
        name="stac-plan-action",
    ),
    path("plan-actions/<int:action_id>", stac_views.plan_action_update, name="stac-action"),
    path("risk/tasks", stac_views.risk_tasks, name="risk-tasks"),
    path("risk/advocate", stac_views.advocate_victims, name="risk-advocate"),
]
