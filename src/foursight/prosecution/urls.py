from django.urls import path

from foursight.prosecution import views

urlpatterns = [
    path(
        "reports/<int:report_id>/suspects/<int:party_id>/path",
        views.path_page,
        name="suspect-path",
    ),
]
