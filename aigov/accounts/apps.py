from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"

    def ready(self) -> None:
        from aigov import checks  # noqa: F401 - registers the deployment checks
