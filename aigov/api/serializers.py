"""Helpers shared by every app's serializers."""

from rest_framework import serializers


class StrictSerializerMixin:
    """Unknown fields in the body are an error, not silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)
