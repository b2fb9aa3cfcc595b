"""The evaluation API's shapes (DESIGN.md §8, §10)."""

from django.urls import reverse
from rest_framework import serializers

from aigov.api.serializers import StrictSerializerMixin
from assessments.evaluations.models import Domain, Evaluation, Framework, Mitigation
from registry.models import GPAIModel


class EvaluationSerializer(serializers.ModelSerializer):
    provider = serializers.SerializerMethodField()
    evaluator = serializers.SerializerMethodField()
    gpai_model = serializers.SerializerMethodField()
    supersedes = serializers.UUIDField(source="supersedes_id", read_only=True, allow_null=True)
    superseded = serializers.SerializerMethodField(
        help_text="True once a later evaluation by the same evaluator corrects this one."
    )
    log = serializers.SerializerMethodField(
        help_text="The Inspect log: its parsed facts, SHA-256 and download URL; null if none."
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "provider",
            "evaluator",
            "gpai_model",
            "domain",
            "framework",
            "framework_name",
            "level",
            "mitigation",
            "result",
            "summary",
            "requirements",
            "supersedes",
            "superseded",
            "log",
            "created_at",
        ]
        read_only_fields = fields

    def get_provider(self, evaluation) -> dict:
        return {"id": str(evaluation.organization_id), "name": evaluation.organization.name}

    def get_evaluator(self, evaluation) -> dict:
        return {
            "id": str(evaluation.evaluator_id),
            "name": evaluation.evaluator.name,
            "slug": evaluation.evaluator.slug,
        }

    def get_gpai_model(self, evaluation) -> dict:
        return {
            "id": str(evaluation.gpai_model_id),
            "name": evaluation.model_name,
            "version": evaluation.model_version,
            "version_number": evaluation.model_version_number,
        }

    def get_superseded(self, evaluation) -> bool:
        found = getattr(evaluation, "is_superseded", None)
        if found is None:
            found = Evaluation.objects.filter(supersedes=evaluation).exists()
        return bool(found)

    def get_log(self, evaluation) -> dict | None:
        if not evaluation.has_log:
            return None
        return {
            "format": evaluation.log_format,
            "filename": evaluation.log_filename,
            "size": evaluation.log_size,
            "sha256": evaluation.log_sha256,
            "facts": evaluation.log_facts,
            "download": reverse("api:evaluation-log", args=[evaluation.pk]),
        }


class EvaluationCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """Multipart (with an optional `log` file) or JSON (without a log)."""

    gpai_model = serializers.UUIDField(help_text="The GPAI model's id, as its provider gave it.")
    domain = serializers.ChoiceField(choices=Domain.choices)
    framework = serializers.ChoiceField(choices=Framework.choices, default=Framework.NONE)
    framework_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="For framework `other`."
    )
    level = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="`asl-1`…`asl-4` (RSP), `low|medium|high|critical` (Preparedness), "
        "free text for `other`.",
    )
    mitigation = serializers.ChoiceField(choices=Mitigation.choices)
    result = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=20000)
    requirements = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        max_length=20,
        help_text="Art. 55 requirement codes (default `eu.art55.1.a`).",
    )
    supersedes = serializers.UUIDField(
        required=False, allow_null=True, help_text="The evaluation this one corrects."
    )
    log = serializers.FileField(
        required=False, allow_empty_file=True, use_url=False, help_text="Inspect .eval or .json"
    )

    def validate_gpai_model(self, value):
        # Any provider's model, by its id: the provider gives it to the evaluator. Ids are
        # random UUIDs, so they cannot be guessed.
        model = GPAIModel.objects.filter(pk=value).first()
        if model is None:
            raise serializers.ValidationError("No GPAI model has this id.")
        return model

    def validate_supersedes(self, value):
        if value is None:
            return None
        actor = self.context.get("actor")
        found = Evaluation.objects.visible_to(actor).filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError("No evaluation of yours has this id.")
        return found
