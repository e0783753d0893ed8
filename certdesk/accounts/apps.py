from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certdesk.accounts"
    label = "accounts"

    def ready(self) -> None:
        from certdesk.accounts import schema  # noqa: F401 - registers the OpenAPI schemes
