from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "certdesk.demo"
    label = "demo"
