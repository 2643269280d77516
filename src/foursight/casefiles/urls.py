from django.urls import path

from foursight.casefiles import views

urlpatterns = [
    path("case-files", views.counts_page, name="casefile-counts"),
    path("reports/<int:report_id>/case-file", views.case_file_page, name="casefile"),
    path("reports/<int:report_id>/case-file/generate", views.generate, name="casefile-generate"),
    path(
        "reports/<int:report_id>/case-file/regenerate",
        views.regenerate,
        name="casefile-regenerate",
    ),
    path("reports/<int:report_id>/case-file/edit", views.edit, name="casefile-edit"),
    path("reports/<int:report_id>/case-file/approve", views.approve, name="casefile-approve"),
    path("reports/<int:report_id>/case-file/issue", views.issue, name="casefile-issue"),
    path(
        "reports/<int:report_id>/case-file/versions/<int:n>/file.pdf",
        views.pdf,
        name="casefile-pdf",
    ),
]
