from django.contrib import admin

from aigov.admin import InspectAdmin
from aigov.documents.models import Document


@admin.register(Document)
class DocumentAdmin(InspectAdmin):
    list_display = ("kind", "object_id", "language", "version", "organization", "created_at")
    list_filter = ("kind", "language")
    search_fields = ("id", "object_id", "sha256", "organization__name")
    list_select_related = ("organization",)
