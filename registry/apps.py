from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"

    def ready(self) -> None:
        from registry import (
            audit,  # noqa: F401 - registers the audit actions in words
            checks,  # noqa: F401 - registers the system checks
            dashboard,  # noqa: F401 - registers the dashboard blocks
            documents,  # noqa: F401 - registers the filing receipt (PDF)
            figures,  # noqa: F401 - registers the regulator figures
        )
        from registry.api import routes  # noqa: F401 - registers the API routes
