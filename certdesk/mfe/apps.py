from django.apps import AppConfig


class MfeConfig(AppConfig):
    name = "certdesk.mfe"
    label = "mfe"
