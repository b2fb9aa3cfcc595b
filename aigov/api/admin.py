from django.contrib import admin

from aigov.admin import InspectAdmin
from aigov.api.models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(InspectAdmin):
    list_display = ("key", "organization", "method", "path", "response_status", "created_at")
    list_filter = ("method", "response_status")
    search_fields = ("key", "path")
    list_select_related = ("organization",)
    exclude = ("response_body",)  # a replayed response may hold a secret
