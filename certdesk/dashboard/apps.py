from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "certdesk.dashboard"
    label = "dashboard"
