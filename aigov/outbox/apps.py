from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "aigov.outbox"
    label = "outbox"
    verbose_name = "Email outbox"
