"""Helpers shared by every app's serializers."""

import datetime

from rest_framework import serializers


class StrictSerializerMixin:
    """Unknown fields in the body are an error, not silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


def instant(value: datetime.datetime | None) -> str | None:
    """DRF's DateTimeField representation, for lean list rows: ISO 8601 in UTC with a "Z"."""
    if value is None:
        return None
    text = value.astimezone(datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
