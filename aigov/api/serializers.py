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


def person_seen_by(actor, organization_id, person: str | None) -> str | None:
    """A person (an email, an API key) as `actor` may see them: only from inside the
    organisation they acted for. Another organisation sees that organisation act, never
    who in it, as the browser's pages show it."""
    if actor is None or actor.organization.pk != organization_id:
        return None
    return person
