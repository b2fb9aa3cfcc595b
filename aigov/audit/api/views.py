from aigov.api.views import TenantReadOnlyViewSet
from aigov.audit.api.serializers import (
    AUDIT_EVENT_ROW_COLUMNS,
    AuditEventSerializer,
    audit_event_row,
)
from aigov.audit.models import AuditEvent


class AuditEventViewSet(TenantReadOnlyViewSet):
    """The caller's organisation's audit events, newest first."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    cursor_ordering = "-sequence"
    lookup_value_converter = "int"
    filterset_fields = ["action", "object_type", "object_id"]
    permission_by_action = {"list": "audit.view", "retrieve": "audit.view"}

    def get_base_queryset(self):
        return AuditEvent.objects.select_related("actor_user")

    def list(self, request, *args, **kwargs):
        """One page of lean rows (`audit_event_row`): the serializer's JSON from `.values()`."""
        rows = self.filter_queryset(self.get_queryset()).values(*AUDIT_EVENT_ROW_COLUMNS)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([audit_event_row(row) for row in page])
