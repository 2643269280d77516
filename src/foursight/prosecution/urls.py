from django.urls import path

from foursight.prosecution import releases, views

urlpatterns = [
    path(
        "reports/<int:report_id>/suspects/<int:party_id>/path",
        views.path_page,
        name="suspect-path",
    ),
    path("releases", releases.releases_page, name="releases"),
]
