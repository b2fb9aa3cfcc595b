from aigov.api.views import LeanListMixin, TenantReadOnlyViewSet
from aigov.audit.api.serializers import (
    AUDIT_EVENT_ROW_COLUMNS,
    AuditEventSerializer,
    audit_event_row,
)
from aigov.audit.models import AuditEvent


class AuditEventViewSet(LeanListMixin, TenantReadOnlyViewSet):
    """The caller's organisation's audit events, newest first."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    lean_rows = (AUDIT_EVENT_ROW_COLUMNS, audit_event_row)
    cursor_ordering = "-sequence"
    lookup_value_converter = "int"
    filterset_fields = ["action", "object_type", "object_id"]
    permission_by_action = {"list": "audit.view", "retrieve": "audit.view"}

    def get_base_queryset(self):
        return AuditEvent.objects.select_related("actor_user")
