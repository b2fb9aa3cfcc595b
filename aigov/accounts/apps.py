from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The core app installs the project-wide pieces once: the deployment checks and
        # the connection tuning (aigov/db.py).
        from aigov import checks, db  # noqa: F401 - checks registers the system checks

        db.install()
