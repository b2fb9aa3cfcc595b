from django.contrib import admin

from aigov.admin import InspectAdmin
from aigov.jobs.models import Job


@admin.register(Job)
class JobAdmin(InspectAdmin):
    list_display = ("kind", "organization", "status", "progress", "attempts", "created_at")
    list_filter = ("status", "kind", "queue")
    search_fields = ("id", "kind", "organization__name")
    list_select_related = ("organization",)
