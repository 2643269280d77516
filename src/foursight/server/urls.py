from django.urls import include, path

from foursight.server.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("foursight.accounts.urls")),
    path("", include("foursight.cases.urls")),
    path("", include("foursight.people.urls")),
]

handler404 = "foursight.server.middleware.not_found"
handler500 = "foursight.server.middleware.server_error"
