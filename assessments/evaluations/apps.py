from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "assessments.evaluations"
    label = "evaluations"
    verbose_name = "Capability evaluations"

    def ready(self) -> None:
        from assessments.evaluations import (
            audit,  # noqa: F401 - registers the audit actions in words
            dashboard,  # noqa: F401 - registers the dashboard block
            tasks,  # noqa: F401 - registers the job handler
        )
        from assessments.evaluations.api import routes  # noqa: F401 - registers the API routes
