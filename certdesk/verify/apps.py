from django.apps import AppConfig


class VerifyConfig(AppConfig):
    name = "certdesk.verify"
    label = "verify"
