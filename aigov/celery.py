"""The Celery application. Settings come from Django settings prefixed CELERY_."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init
from kombu import Queue

from aigov.jobs.queues import QUEUES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")

app = Celery("aigov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in QUEUES]
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_loaded_objects(**kwargs) -> None:
    """Each worker process has loaded Django: keep it out of every later full collection
    (as gunicorn.conf.py does for the web workers)."""
    gc.collect()
    gc.freeze()
