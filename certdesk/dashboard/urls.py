"""Dashboard routes, mounted at /dashboard/."""

from django.urls import path

from certdesk.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
]
