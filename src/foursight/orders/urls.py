from django.urls import path

from foursight.orders import views

urlpatterns = [
    path("orders", views.dashboard, name="orders"),
    path("orders/new", views.order_new, name="order-new"),
    path("orders/<int:order_id>", views.order_detail, name="order-detail"),
    path("orders/<int:order_id>/update", views.order_update, name="order-update"),
    path("orders/<int:order_id>/conditions", views.condition_new, name="order-condition-new"),
    path(
        "orders/<int:order_id>/conditions/<int:condition_id>/remove",
        views.condition_remove,
        name="order-condition-remove",
    ),
    path("orders/<int:order_id>/breaches", views.breach_new, name="order-breach-new"),
    path(
        "orders/<int:order_id>/breaches/<int:breach_id>/decision",
        views.breach_decide,
        name="order-breach-decide",
    ),
    path("orders/<int:order_id>/tasks/<int:task_id>/done", views.task_done, name="order-task-done"),
    path("orders/<int:order_id>/detect", views.detect_now, name="order-detect"),
]
