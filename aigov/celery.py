"""The Celery application. Settings come from Django settings prefixed CELERY_."""

import os

from celery import Celery
from kombu import Queue

from aigov.jobs.queues import QUEUES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")

app = Celery("aigov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in QUEUES]
app.autodiscover_tasks()
