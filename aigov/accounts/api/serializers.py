from rest_framework import serializers

from aigov.accounts.models import ApiKey, ApiKeyScope, Organization
from aigov.api.serializers import StrictSerializerMixin


class OrganizationSerializer(serializers.ModelSerializer):
    # A plain string: blank for anything but an assessor, which an enum would not allow.
    assessor_type = serializers.CharField(
        read_only=True,
        help_text="Assessors: `notified_body`, `evaluator` or `red_team`; blank otherwise.",
    )
    # Blank until recorded, which an email format would not allow.
    contact_email = serializers.CharField(read_only=True, help_text="Blank when not recorded.")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "country",
            "identifiers",
            "authority_code",
            "jurisdictions",
            "identification_number",
            "assessor_type",
            "address",
            "contact_email",
            "phone",
            "created_at",
        ]
        read_only_fields = fields


class ActorSerializer(serializers.Serializer):
    """Who the caller is: the organisation, the role and the credential used."""

    organization = OrganizationSerializer()
    role = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    user = serializers.EmailField(allow_null=True)
    api_key = serializers.UUIDField(allow_null=True)


class ApiKeySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    created_by = serializers.EmailField(source="created_by.email", read_only=True, default=None)

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "scope",
            "status",
            "created_by",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = [
            "id",
            "prefix",
            "status",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]


class ApiKeyCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=ApiKeyScope.choices, default=ApiKeyScope.READ)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ApiKeyCreatedSerializer(ApiKeySerializer):
    """The one response that carries the token; it cannot be retrieved again."""

    token = serializers.CharField(read_only=True)

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "token"]
