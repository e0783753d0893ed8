"""Routes (see config/urls.py for where they are mounted)."""

from django.urls import path

from certdesk.accounts.views import CsrfTokenApi, LoginPage, LoginRefreshApi, LogoutPage

urlpatterns = [
    path("login", LoginPage.as_view(), name="login"),
    path("logout", LogoutPage.as_view(), name="logout"),
    path("login_refresh", LoginRefreshApi.as_view(), name="login-refresh"),
    path("csrf/api/v1/token", CsrfTokenApi.as_view(), name="csrf-token"),
]
