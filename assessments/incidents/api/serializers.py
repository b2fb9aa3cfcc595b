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
    IncidentVerb,
    Stage,
)
from assessments.incidents.services import FACTS, INCIDENT_WORKFLOW, notice_pending
from registry.api.serializers import OwnSubjectSerializer, SubjectRecordSerializer


class IncidentSubmissionSerializer(serializers.ModelSerializer):
    incident = serializers.UUIDField(source="incident_id", read_only=True)

    class Meta:
        model = IncidentSubmission
        fields = ["id", "incident", "number", "stage", "data", "sha256", "submitted_at"]
        read_only_fields = fields


class IncidentSerializer(SubjectRecordSerializer):
    workflow = INCIDENT_WORKFLOW
    authorities = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField(
        help_text="Each deadline with its due time (UTC and the authority's zone) and basis."
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
            "notice_due_at",
            "notice_to",
            "notice_at",
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

    def get_authorities(self, incident) -> list[dict]:
        return [
            {"code": r.authority.authority_code, "name": r.authority.name, "basis": r.basis}
            for r in incident.routes.all()
        ]

    def get_actions(self, incident) -> list[str]:
        # Recording a notice is offered only where the category calls for one not yet
        # recorded (the service refuses it elsewhere).
        return [
            verb
            for verb in super().get_actions(incident)
            if verb != IncidentVerb.RECORD_NOTICE or notice_pending(incident)
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


class IncidentCreateSerializer(OwnSubjectSerializer, _FactsSerializer):
    regime = serializers.ChoiceField(choices=IncidentRegime.choices)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    title = serializers.CharField(max_length=200)
    occurred_at = serializers.DateTimeField()
    aware_at = serializers.DateTimeField()
    what_happened = serializers.CharField(max_length=20000)

    def validate(self, attrs):
        # The error names the field the regime reports on (SB 53: a model).
        self.require_one_subject(attrs, REGIMES[attrs["regime"]].subject_kind)
        return attrs


class ReportSerializer(_FactsSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class NoticeSerializer(StrictSerializerMixin, serializers.Serializer):
    notice_to = serializers.CharField(
        max_length=200,
        help_text="The authority notified outside the platform (SB 53's imminent risk: a law "
        "enforcement or public safety agency).",
    )
    notice_at = serializers.DateTimeField(help_text="When the notice was given.")


class TriageSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
