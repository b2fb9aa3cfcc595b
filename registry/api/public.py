"""The public register's API representation: what anyone may read without a login, only
the fields each filing type declares public, frozen at registration."""

from django.conf import settings
from rest_framework import serializers

from aigov.api.serializers import instant
from registry.models import Filing
from registry.regimes import FILING_TYPES


class PublicEntrySerializer(serializers.ModelSerializer):
    """A register entry: only what the filing type declares public."""

    title = serializers.SerializerMethodField()
    provider = serializers.CharField(source="registered_provider", read_only=True)
    subject = serializers.CharField(source="registered_subject", read_only=True)
    public_fields = serializers.JSONField(source="public_data", read_only=True)
    area = serializers.CharField(source="registered_area", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = [
            "id",
            "registration_number",
            "filing_type",
            "title",
            "regime",
            "provider",
            "subject",
            "registered_at",
            "area",
            "public_fields",
            "url",
        ]
        read_only_fields = fields

    def get_title(self, filing) -> str:
        return FILING_TYPES[filing.filing_type].title

    def get_url(self, filing) -> str:
        return f"{settings.SITE_URL}/register/{filing.pk}/"


# A register page is 50 entries; PublicEntrySerializer reads every column of each filing
# (its working data, submissions, search document) to show nine of them. The public
# register's list builds the same JSON from these columns only (tests/registry/test_lean_rows.py).

PUBLIC_ENTRY_COLUMNS = (
    "id", "registration_number", "filing_type", "regime", "registered_provider",
    "registered_subject", "registered_at", "registered_area", "public_data",
)  # fmt: skip


def public_entry_row(row: dict) -> dict:
    """PublicEntrySerializer's representation of a `.values(*PUBLIC_ENTRY_COLUMNS)` row."""
    return {
        "id": str(row["id"]),
        "registration_number": row["registration_number"],
        "filing_type": row["filing_type"],
        "title": FILING_TYPES[row["filing_type"]].title,
        "regime": row["regime"],
        "provider": row["registered_provider"],
        "subject": row["registered_subject"],
        "registered_at": instant(row["registered_at"]),
        "area": row["registered_area"],
        "public_fields": row["public_data"],
        "url": f"{settings.SITE_URL}/register/{row['id']}/",
    }
