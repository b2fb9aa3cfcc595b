from django.contrib import admin

from aigov.outbox.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Read-only: operators look up what was sent and when; nobody edits it."""

    list_display = ("subject", "to", "created_at", "sent_at")
    list_filter = ("sent_at",)
    search_fields = ("to", "subject", "key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
