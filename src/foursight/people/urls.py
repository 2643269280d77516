from django.urls import path

from foursight.people import views

urlpatterns = [
    path("persons", views.person_list, name="person-list"),
    path("persons/<int:person_id>", views.person_detail, name="person-detail"),
]
