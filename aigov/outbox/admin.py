from django.contrib import admin

from aigov.admin import InspectAdmin
from aigov.outbox.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(InspectAdmin):
    list_display = ("subject", "to", "created_at", "sent_at")
    list_filter = ("sent_at",)
    search_fields = ("to", "subject", "key")
