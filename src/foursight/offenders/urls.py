from django.urls import path

from foursight.offenders import intervention_views, views

urlpatterns = [
    path("offenders", views.offender_list, name="offender-list"),
    path("offenders/<str:code>", views.offender_detail, name="offender-detail"),
    path("linkage/review", views.review_list, name="linkage-review"),
    path("linkage/review/<int:edge_id>", views.review_pair, name="linkage-pair"),
    path("linkage/runs", views.run_now, name="linkage-run"),
    path("harm", views.harm_top, name="harm-top"),
    path("harm/refresh", views.harm_refresh, name="harm-refresh"),
    path("insights/repeat-offending", views.repeat_offending, name="repeat-offending"),
    path(
        "persons/<int:person_id>/interventions",
        intervention_views.refer_page,
        name="intervention-new",
    ),
    path(
        "interventions/<int:intervention_id>/status",
        intervention_views.status_page,
        name="intervention-status",
    ),
    path(
        "interventions/<int:intervention_id>/reviews",
        intervention_views.review_page,
        name="intervention-review",
    ),
]
