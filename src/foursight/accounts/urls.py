from django.urls import path

from foursight.accounts import signin, views

urlpatterns = [
    path("login", signin.login_page, name="login"),
    path("login/code", signin.code_page, name="login-code"),
    path("login/setup", signin.setup_page, name="login-setup"),
    path("account/two-factor", signin.account_page, name="two-factor"),
    path("account/password", signin.password_page, name="password"),
    path("logout", signin.logout_page, name="logout"),
    path("purpose", views.purpose_page, name="purpose"),
]
