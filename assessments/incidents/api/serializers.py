"""The incident API's shapes (DESIGN.md §8, §10)."""

from django.utils import timezone
from rest_framework import serializers

from aigov.api.serializers import StrictSerializerMixin
from assessments.incidents.deadlines import REGIMES
from assessments.incidents.models import (
    CATEGORY_CHOICES,
    IncidentRegime,
    IncidentReport,
    IncidentSubmission,
    Stage,
)
from assessments.incidents.services import FACTS, INCIDENT_WORKFLOW
from registry.api.serializers import subject_ref
from registry.models import AISystem, GPAIModel


class IncidentSubmissionSerializer(serializers.ModelSerializer):
    incident = serializers.UUIDField(source="incident_id", read_only=True)

    class Meta:
        model = IncidentSubmission
        fields = ["id", "incident", "number", "stage", "data", "sha256", "submitted_at"]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField()
    provider = serializers.CharField(source="organization.name", read_only=True)
    authorities = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField(
        help_text="Each deadline with its due time (UTC and the authority's zone) and basis."
    )
    actions = serializers.SerializerMethodField(
        help_text="The workflow verbs the caller may use now."
    )

    class Meta:
        model = IncidentReport
        fields = [
            "id",
            "regime",
            "category",
            "subject",
            "provider",
            *FACTS,
            "status",
            "authorities",
            "report_due_at",
            "reported_at",
            "completed_at",
            "final_at",
            "authority_due_at",
            "acknowledged_at",
            "closed_at",
            "last_reason",
            "clocks",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_subject(self, incident) -> dict:
        return subject_ref(incident.ai_system_id, incident.gpai_model_id, incident.subject_name)

    def get_authorities(self, incident) -> list[dict]:
        return [
            {"code": r.authority.authority_code, "name": r.authority.name, "basis": r.basis}
            for r in incident.routes.all()
        ]

    def get_clocks(self, incident) -> list[dict]:
        from assessments.incidents.selectors import incident_clocks

        now = timezone.now()
        return [
            {
                "key": c.key,
                "label": c.label,
                "due_at": c.due_at,
                "due_local": c.due_local,
                "basis": c.basis,
                "audience": c.audience,
                "met_at": c.met_at,
                "countdown": c.countdown(now),
            }
            for c in incident_clocks(incident)
        ]

    def get_actions(self, incident) -> list[str]:
        actor = self.context.get("actor")
        return INCIDENT_WORKFLOW.available(actor, incident) if actor else []


class _FactsSerializer(StrictSerializerMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    occurred_at = serializers.DateTimeField(required=False)
    aware_at = serializers.DateTimeField(required=False)
    member_states = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, max_length=27
    )
    persons_affected = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    what_happened = serializers.CharField(max_length=20000, required=False)
    immediate_measures = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    not_altered = serializers.BooleanField(
        required=False, help_text="EU AI Act incidents only (Art. 73): the attestation."
    )
    internal_use = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text="California SB 53 incidents only: whether internal use was involved "
        "(null: not stated yet).",
    )
    resolved_at = serializers.DateTimeField(required=False, allow_null=True)


class IncidentCreateSerializer(_FactsSerializer):
    regime = serializers.ChoiceField(choices=IncidentRegime.choices)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    ai_system = serializers.PrimaryKeyRelatedField(
        queryset=AISystem.objects.all(), required=False, allow_null=True
    )
    gpai_model = serializers.PrimaryKeyRelatedField(
        queryset=GPAIModel.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200)
    occurred_at = serializers.DateTimeField()
    aware_at = serializers.DateTimeField()
    what_happened = serializers.CharField(max_length=20000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the caller's own systems and models can be named (another's is "not found").
        actor = self.context.get("actor")
        self.fields["ai_system"].queryset = AISystem.objects.visible_to(actor)
        self.fields["gpai_model"].queryset = GPAIModel.objects.visible_to(actor)

    def validate(self, attrs):
        if bool(attrs.get("ai_system")) == bool(attrs.get("gpai_model")):
            wanted = REGIMES[attrs["regime"]].subject_kind
            raise serializers.ValidationError(
                {wanted: ["Name exactly one of ai_system and gpai_model."]}
            )
        return attrs


class ReportSerializer(_FactsSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class TriageSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
