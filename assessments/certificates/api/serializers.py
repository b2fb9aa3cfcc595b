"""The certificate and declaration API's shapes (DESIGN.md §8, §10)."""

from rest_framework import serializers

from aigov.api.serializers import StrictSerializerMixin
from assessments.certificates.annex_v import ANNEX_V_KEYS
from assessments.certificates.models import (
    MANUAL_VERBS,
    Certificate,
    CertificateEvent,
    DeclarationOfConformity,
)
from assessments.certificates.selectors import verification_url
from assessments.certificates.services import CERTIFICATE_WORKFLOW, IssueKind
from assessments.conformity.models import ConformityAssessment
from registry.models import AISystem


class CertificateEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="actor_organization.name", read_only=True)

    class Meta:
        model = CertificateEvent
        fields = ["transition", "from_status", "to_status", "reason", "by", "created_at"]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="organization.name", read_only=True)
    issuer = serializers.SerializerMethodField()
    supplements = serializers.CharField(source="supplements.number", default=None)
    renews = serializers.CharField(source="renews.number", default=None)
    verification_url = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="The workflow verbs the caller may use now."
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "status",
            "status_reason",
            "restriction",
            "status_changed_at",
            "holder",
            "issuer",
            "assessment",
            "ai_system",
            "subject_name",
            "subject_version",
            "intended_purpose",
            "conditions",
            "validity_basis",
            "issued_on",
            "expires_on",
            "supplements",
            "renews",
            "verification_url",
            "actions",
            "created_at",
        ]
        read_only_fields = fields

    def get_issuer(self, certificate) -> dict:
        issuer = certificate.issuer
        return {"name": issuer.name, "identification_number": issuer.identification_number}

    def get_verification_url(self, certificate) -> str:
        return verification_url(certificate)

    def get_actions(self, certificate) -> list[str]:
        actor = self.context.get("actor")
        if actor is None:
            return []
        return [v for v in MANUAL_VERBS if CERTIFICATE_WORKFLOW.allows(actor, certificate, v)]


class CertificateIssueSerializer(StrictSerializerMixin, serializers.Serializer):
    assessment = serializers.PrimaryKeyRelatedField(queryset=ConformityAssessment.objects.none())
    kind = serializers.ChoiceField(choices=IssueKind.ALL, default=IssueKind.INITIAL)
    previous = serializers.SlugRelatedField(
        slug_field="number", queryset=Certificate.objects.none(), required=False, allow_null=True
    )
    expires_on = serializers.DateField(required=False, allow_null=True)
    intended_purpose = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    conditions = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")  # None while the OpenAPI schema is generated
        if actor is not None:
            # Only what the caller may see can be named; anything else "does not exist".
            self.fields["assessment"].queryset = ConformityAssessment.objects.visible_to(actor)
            self.fields["previous"].queryset = Certificate.objects.visible_to(actor)


class CertificateVerbSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    restriction = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class DeclarationSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="organization.name", read_only=True)
    certificate = serializers.CharField(source="certificate.number", default=None)
    supersedes = serializers.UUIDField(source="supersedes_id", default=None)

    class Meta:
        model = DeclarationOfConformity
        fields = [
            "id",
            "ai_system",
            "subject_version",
            "version",
            "status",
            "provider",
            "content",
            "certificate",
            "signer_name",
            "signer_function",
            "signed_for",
            "place",
            "signed_on",
            "signed_at",
            "sha256",
            "supersedes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DeclarationCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    ai_system = serializers.PrimaryKeyRelatedField(queryset=AISystem.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")  # None while the OpenAPI schema is generated
        if actor is not None:
            self.fields["ai_system"].queryset = AISystem.objects.visible_to(actor)


class DeclarationUpdateSerializer(StrictSerializerMixin, serializers.Serializer):
    content = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    signed_for = serializers.CharField(required=False, allow_blank=True, max_length=200)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate_content(self, content):
        unknown = sorted(set(content) - set(ANNEX_V_KEYS))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown items {', '.join(unknown)}; use: {', '.join(ANNEX_V_KEYS)}."
            )
        return content


class DeclarationSignSerializer(StrictSerializerMixin, serializers.Serializer):
    signer_name = serializers.CharField(max_length=200)
    signer_function = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=200)
    signed_for = serializers.CharField(required=False, allow_blank=True, max_length=200)
