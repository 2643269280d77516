from django.urls import path

from foursight.insights import funnel_views, views

urlpatterns = [
    path("insights", views.insights_page, name="insights"),
    path("insights/export", views.export_page, name="insights-export"),
    path("insights/funnel", funnel_views.funnel_page, name="insights-funnel"),
]
