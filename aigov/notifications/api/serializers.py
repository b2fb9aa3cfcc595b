from rest_framework import serializers

from aigov.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.BooleanField(source="is_unread", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "unread"]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")
