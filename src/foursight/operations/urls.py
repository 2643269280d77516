from django.urls import path

from foursight.operations import target_views, views

urlpatterns = [
    path("operations", views.operation_list, name="operation-list"),
    path("operations/outstanding-suspects", views.suspects_page, name="outstanding-suspects"),
    path("operations/checks", views.checks_page, name="compliance-checks"),
    path(
        "operations/bail-breach-tasks/<int:task_id>/done",
        views.bail_task_done,
        name="bail-task-done",
    ),
    path("operations/add-target", target_views.add_person, name="operation-add-person"),
    path("operations/<int:operation_id>", views.operation_detail, name="operation-detail"),
    path(
        "operations/<int:operation_id>/targets/search",
        target_views.target_search,
        name="target-search",
    ),
    path(
        "operations/<int:operation_id>/targets/<int:target_id>/removal",
        target_views.target_removal,
        name="target-removal",
    ),
    path("operations/<int:operation_id>/targets", views.target_add, name="target-add"),
    path(
        "operations/<int:operation_id>/targets/from-list",
        views.targets_from_list,
        name="targets-from-list",
    ),
    path(
        "operations/<int:operation_id>/targets/<int:target_id>",
        views.target_update,
        name="target-update",
    ),
    path(
        "operations/<int:operation_id>/targets/<int:target_id>/charges",
        views.charge_add,
        name="charge-add",
    ),
    path("operations/<int:operation_id>/export.csv", views.operation_export, name="op-export"),
]
