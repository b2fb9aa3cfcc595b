from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The core app installs the project's connection tuning (aigov/db.py) once.
        from aigov import db

        db.install()
