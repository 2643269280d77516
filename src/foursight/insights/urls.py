from django.urls import path

from foursight.insights import views

urlpatterns = [
    path("insights", views.insights_page, name="insights"),
    path("insights/export", views.export_page, name="insights-export"),
]
