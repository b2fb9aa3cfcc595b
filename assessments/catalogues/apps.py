from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "assessments.catalogues"
    label = "catalogues"
    verbose_name = "Requirement catalogues"

    def ready(self) -> None:
        from assessments.catalogues.api import routes  # noqa: F401 - registers the API routes
