from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "assessments.evaluations"
    label = "evaluations"
    verbose_name = "Capability evaluations"
