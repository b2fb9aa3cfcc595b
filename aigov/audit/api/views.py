from aigov.api.views import LeanListMixin, TenantReadOnlyViewSet
from aigov.audit.api.serializers import (
    AUDIT_EVENT_ROW_COLUMNS,
    AuditEventSerializer,
    audit_event_row,
)
from aigov.audit.models import AuditEvent


class AuditEventViewSet(LeanListMixin, TenantReadOnlyViewSet):
    """The caller's organisation's audit events, and those other organisations share with
    it (e.g. about filings submitted to it), newest first."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    # `audit_event_row` also takes the reader: see build_rows.
    lean_rows = (AUDIT_EVENT_ROW_COLUMNS, audit_event_row)
    cursor_ordering = "-sequence"
    lookup_value_converter = "int"
    filterset_fields = ["action", "object_type", "object_id"]
    permission_by_action = {"list": "audit.view", "retrieve": "audit.view"}

    def get_base_queryset(self):
        return AuditEvent.objects.select_related("actor_user")

    def build_rows(self, page) -> list[dict]:
        return [audit_event_row(row, self.request.actor) for row in page]
