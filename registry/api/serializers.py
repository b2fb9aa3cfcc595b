from rest_framework import serializers

from aigov.api.serializers import StrictSerializerMixin
from registry.compute import compute_check
from registry.models import MODALITIES, AISystem, GPAIModel, SubjectVersion
from registry.services import MODEL_FIELDS, SYSTEM_FIELDS


class RepresentativeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=500)
    country = serializers.CharField(max_length=2)
    email = serializers.EmailField()


class SubjectSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    """Shared by systems and models: profile in, classification out, version control."""

    profile = serializers.DictField(required=False)
    classification = serializers.JSONField(read_only=True)
    authorised_representative = serializers.JSONField(required=False)
    substantial_modification = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="True starts a new version and keeps the previous one readable.",
    )
    modification_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=500
    )

    def validate_authorised_representative(self, value):
        if value in (None, {}):
            return {}
        representative = RepresentativeSerializer(data=value)
        representative.is_valid(raise_exception=True)
        return dict(representative.validated_data)

    COMMON = [
        "id",
        "profile",
        "classification",
        "version_number",
        "created_at",
        "updated_at",
        "substantial_modification",
        "modification_reason",
    ]


class AISystemSerializer(SubjectSerializer):
    gpai_model = serializers.PrimaryKeyRelatedField(
        queryset=GPAIModel.objects.none(), required=False, allow_null=True
    )
    member_states = serializers.ListField(child=serializers.CharField(max_length=2), required=False)

    class Meta:
        model = AISystem
        fields = [*SubjectSerializer.COMMON, *SYSTEM_FIELDS]
        read_only_fields = ["id", "version_number", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            # A system can build only on a model the actor can see.
            self.fields["gpai_model"].queryset = GPAIModel.objects.visible_to(actor)


class GPAIModelSerializer(SubjectSerializer):
    input_modalities = serializers.ListField(
        child=serializers.ChoiceField(choices=MODALITIES), required=False
    )
    output_modalities = serializers.ListField(
        child=serializers.ChoiceField(choices=MODALITIES), required=False
    )
    training_compute_flop = serializers.FloatField(required=False, allow_null=True, min_value=0)
    compute_check = serializers.SerializerMethodField()

    class Meta:
        model = GPAIModel
        fields = [*SubjectSerializer.COMMON, *MODEL_FIELDS, "compute_check"]
        read_only_fields = [
            "id",
            "version_number",
            "created_at",
            "updated_at",
            "source",
            "source_reference",
        ]

    def get_compute_check(self, model) -> dict:
        return compute_check(
            parameters=model.parameters,
            training_tokens=model.training_tokens,
            declared_flop=model.training_compute_flop,
        ).as_dict()


class SubjectVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectVersion
        fields = ["number", "data", "classification", "reason", "created_at"]
        read_only_fields = fields


class ClassifyRequestSerializer(serializers.Serializer):
    """The profile of DESIGN.md §6, validated by the regime engine itself."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Expected a JSON object."]})
        return data
