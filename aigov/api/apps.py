from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aigov.api"
    label = "api"
