"""The documents API's shapes."""

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from aigov.api.serializers import StrictSerializerMixin
from aigov.documents.kinds import KINDS
from aigov.documents.models import Document


class DocumentSerializer(serializers.ModelSerializer):
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField(help_text="The PDF, as an attachment.")

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "object_id",
            "language",
            "version",
            "sha256",
            "size",
            "page_count",
            "filename",
            "job",
            "download",
            "created_at",
        ]
        read_only_fields = fields

    def get_download(self, document) -> str:
        return reverse("api:document-download", args=[document.pk])


class DocumentRequestSerializer(StrictSerializerMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    object_id = serializers.UUIDField()
    language = serializers.ChoiceField(choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds apps registered and the languages configured, as they are now.
        self.fields["kind"].choices = sorted(KINDS)
        self.fields["language"].choices = list(settings.DOCUMENT_LANGUAGES)
