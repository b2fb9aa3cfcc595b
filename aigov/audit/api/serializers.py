from rest_framework import serializers

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
