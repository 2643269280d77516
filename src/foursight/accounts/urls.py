from django.urls import path

from foursight.accounts import views

urlpatterns = [
    path("login", views.login_page, name="login"),
    path("logout", views.logout_page, name="logout"),
    path("purpose", views.purpose_page, name="purpose"),
]
