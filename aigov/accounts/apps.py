from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"
