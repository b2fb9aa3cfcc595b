from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aigov.api.serializers import instant, person_seen_by
from aigov.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    """An audit event. Who acted (`actor_user`, `actor_api_key`) is shown only to the
    organisation they acted for: an event another organisation shares shows neither."""

    actor_user = serializers.SerializerMethodField()
    actor_api_key = serializers.SerializerMethodField()

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

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_actor_user(self, event) -> str | None:
        email = event.actor_user.email if event.actor_user_id else None
        return person_seen_by(self.context.get("actor"), event.organization_id, email)

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_actor_api_key(self, event) -> str | None:
        key = str(event.actor_api_key_id) if event.actor_api_key_id else None
        return person_seen_by(self.context.get("actor"), event.organization_id, key)


# The events list builds AuditEventSerializer's JSON from these columns (`.values()`), not
# from events with their whole user rows; tests/audit/test_lean_rows.py keeps them equal.
AUDIT_EVENT_ROW_COLUMNS = (
    "sequence", "created_at", "organization_id", "actor_user__email", "actor_api_key_id",
    "action", "object_type", "object_id", "data", "prev_hash", "hash",
)  # fmt: skip


def audit_event_row(row: dict, actor) -> dict:
    """AuditEventSerializer's representation, for `actor`, of a
    `.values(*AUDIT_EVENT_ROW_COLUMNS)` row."""
    api_key = row["actor_api_key_id"]
    acted_for = row["organization_id"]
    return {
        "sequence": row["sequence"],
        "created_at": instant(row["created_at"]),
        "actor_user": person_seen_by(actor, acted_for, row["actor_user__email"]),
        "actor_api_key": person_seen_by(actor, acted_for, api_key and str(api_key)),
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "data": row["data"],
        "prev_hash": row["prev_hash"],
        "hash": row["hash"],
    }
