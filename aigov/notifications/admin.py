from django.contrib import admin

from aigov.admin import InspectAdmin
from aigov.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(InspectAdmin):
    list_display = ("title", "recipient", "organization", "created_at", "read_at")
    list_filter = ("read_at",)
    search_fields = ("title", "key", "recipient__email")
