from django.urls import path

from foursight.evidence import register_views, views

urlpatterns = [
    path("reports/<int:report_id>/evidence", views.evidence_tab, name="evidence-tab"),
    path(
        "reports/<int:report_id>/evidence/jobs/<int:job_id>",
        views.job_progress,
        name="evidence-job",
    ),
    path(
        "reports/<int:report_id>/evidence/exhibits/<int:exhibit_id>",
        views.exhibit_detail,
        name="evidence-exhibit",
    ),
    path(
        "reports/<int:report_id>/evidence/exhibits/<int:exhibit_id>/events.jsonl",
        views.derived_download,
        name="evidence-derived",
    ),
    path(
        "reports/<int:report_id>/evidence/register",
        register_views.register_page,
        name="evidence-register",
    ),
    path(
        "reports/<int:report_id>/evidence/exhibits/<int:exhibit_id>/media",
        register_views.media_page,
        name="evidence-media",
    ),
    path(
        "reports/<int:report_id>/evidence/exhibits/<int:exhibit_id>/links",
        register_views.link_page,
        name="evidence-link",
    ),
    path("reports/<int:report_id>/timeline", views.timeline, name="evidence-timeline"),
    path("reports/<int:report_id>/conduct", views.conduct_page, name="evidence-conduct"),
    path(
        "reports/<int:report_id>/attributions/<int:attribution_id>/withdraw",
        views.withdraw,
        name="evidence-withdraw",
    ),
    path("reports/<int:report_id>/attributions", views.attribute, name="evidence-attribute"),
]
