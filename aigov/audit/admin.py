from django.contrib import admin

from aigov.admin import InspectAdmin
from aigov.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(InspectAdmin):
    """The append-only, hash-chained log (a database trigger refuses edits anyway)."""

    list_display = ("sequence", "created_at", "action", "organization", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("action", "object_id")
    list_select_related = ("organization",)
