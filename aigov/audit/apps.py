from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "aigov.audit"
    label = "audit"
