from rest_framework import serializers

from aigov.api.serializers import instant
from aigov.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    actor_user = serializers.EmailField(source="actor_user.email", read_only=True, default=None)
    actor_api_key = serializers.UUIDField(source="actor_api_key_id", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "sequence",
            "created_at",
            "actor_user",
            "actor_api_key",
            "action",
            "object_type",
            "object_id",
            "data",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


# The events list builds AuditEventSerializer's JSON from these columns (`.values()`), not
# from events with their whole user rows; tests/audit/test_lean_rows.py keeps them equal.
AUDIT_EVENT_ROW_COLUMNS = (
    "sequence", "created_at", "actor_user__email", "actor_api_key_id", "action",
    "object_type", "object_id", "data", "prev_hash", "hash",
)  # fmt: skip


def audit_event_row(row: dict) -> dict:
    """AuditEventSerializer's representation of a `.values(*AUDIT_EVENT_ROW_COLUMNS)` row."""
    api_key = row["actor_api_key_id"]
    return {
        "sequence": row["sequence"],
        "created_at": instant(row["created_at"]),
        "actor_user": row["actor_user__email"],
        "actor_api_key": None if api_key is None else str(api_key),
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "data": row["data"],
        "prev_hash": row["prev_hash"],
        "hash": row["hash"],
    }
