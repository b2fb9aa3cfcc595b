from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "aigov.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Job handlers live in each app's tasks.py; web processes need them registered
        # too (to validate kinds and pick queues), not only workers.
        autodiscover_modules("tasks")
