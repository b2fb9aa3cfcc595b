from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "aigov.notifications"
    label = "notifications"
    verbose_name = "Notifications"
