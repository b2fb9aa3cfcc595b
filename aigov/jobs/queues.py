"""Celery queues. Plain constants so the Celery app can read them before Django starts."""

QUEUES = ("default", "checks", "pdf", "notifications")
