from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "assessments.incidents"
    label = "incidents"
    verbose_name = "Serious incidents"
