from django.urls import path

from foursight.disclosure import views

urlpatterns = [
    path("reports/<int:report_id>/disclosure", views.copies_page, name="disclosure"),
    path(
        "reports/<int:report_id>/disclosure/exhibits/<int:exhibit_id>",
        views.review_exhibit,
        name="disclosure-exhibit",
    ),
    path("reports/<int:report_id>/disclosure/text", views.review_text, name="disclosure-text"),
    path("reports/<int:report_id>/disclosure/save", views.save_copy, name="disclosure-save"),
    path(
        "reports/<int:report_id>/disclosure/copies/<int:copy_id>",
        views.copy_page,
        name="disclosure-copy",
    ),
    path(
        "reports/<int:report_id>/disclosure/copies/<int:copy_id>/file",
        views.copy_download,
        name="disclosure-copy-file",
    ),
]
