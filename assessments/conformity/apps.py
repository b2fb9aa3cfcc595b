from django.apps import AppConfig


class ConformityConfig(AppConfig):
    name = "assessments.conformity"
    label = "conformity"
    verbose_name = "Conformity assessments"

    def ready(self) -> None:
        from assessments.conformity import checklist  # noqa: F401 - registers the job handler
