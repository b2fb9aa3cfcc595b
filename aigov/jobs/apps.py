from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "aigov.jobs"
    label = "jobs"
