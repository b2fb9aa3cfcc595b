from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aigov.api"
    label = "api"

    def ready(self) -> None:
        from aigov.api import schema  # noqa: F401 - registers the OpenAPI extensions
