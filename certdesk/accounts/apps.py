from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certdesk.accounts"
    label = "accounts"
