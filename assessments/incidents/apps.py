from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "assessments.incidents"
    label = "incidents"
    verbose_name = "Serious incidents"

    def ready(self) -> None:
        from assessments.incidents import (
            audit,  # noqa: F401 - registers the audit actions in words
            dashboard,  # noqa: F401 - registers the dashboard block
            figures,  # noqa: F401 - registers the regulator figures
            tasks,  # noqa: F401 - registers the job handler
        )
        from assessments.incidents.api import routes  # noqa: F401 - registers the API routes
