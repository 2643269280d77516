from django.urls import path

from foursight.cases import views

urlpatterns = [
    path("", views.home_page, name="home"),
    path("reports", views.report_list, name="report-list"),
    path("reports/new", views.report_new, name="report-new"),
    path("reports/<int:report_id>", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/occasions", views.occasion_new, name="occasion-new"),
    path("reports/<int:report_id>/outcome", views.outcome_edit, name="outcome-edit"),
    path("reports/<int:report_id>/parties", views.party_new, name="party-new"),
    path("reports/<int:report_id>/flags", views.flags_edit, name="flags-edit"),
    path("reports/<int:report_id>/allocation", views.allocation_edit, name="allocation-edit"),
]
