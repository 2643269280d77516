from django.urls import URLPattern, URLResolver, include, path

from foursight.server.api import api
from foursight.server.apps import DOMAIN_APPS, app_module
from foursight.server.health import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
]
urlpatterns += [
    path("", include(f"foursight.{app}.urls")) for app in DOMAIN_APPS if app_module(app, "urls")
]

handler404 = "foursight.server.middleware.not_found"
handler400 = "foursight.server.middleware.bad_request"
handler500 = "foursight.server.middleware.server_error_page"
