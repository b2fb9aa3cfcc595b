"""The Django admin is for operators to inspect, never to write.

Every write goes through a service with its audit event; an admin form would bypass both.
So every model is registered with `InspectAdmin`: lists, filters, search and detail pages,
with adding, changing and deleting switched off.
"""

from django.contrib import admin


class InspectAdmin(admin.ModelAdmin):
    """Read-only admin: look, search and filter; change nothing."""

    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over the audit log on every page is waste

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
