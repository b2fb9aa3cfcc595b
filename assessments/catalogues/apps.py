from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "assessments.catalogues"
    label = "catalogues"
    verbose_name = "Requirement catalogues"
