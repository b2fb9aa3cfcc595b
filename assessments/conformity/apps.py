from django.apps import AppConfig


class ConformityConfig(AppConfig):
    name = "assessments.conformity"
    label = "conformity"
    verbose_name = "Conformity assessments"

    def ready(self) -> None:
        from assessments.conformity import (
            audit,  # noqa: F401 - registers the audit actions in words
            checklist,  # noqa: F401 - registers the job handler
            dashboard,  # noqa: F401 - registers the dashboard block
            figures,  # noqa: F401 - registers the regulator figures
        )
        from assessments.conformity.api import routes  # noqa: F401 - registers the API routes
