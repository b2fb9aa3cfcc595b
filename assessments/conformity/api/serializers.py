"""The assessment API's shapes (DESIGN.md §8: field names are a contract with assessors)."""

from rest_framework import serializers

from aigov.accounts.models import Organization, OrganizationKind
from aigov.api.serializers import StrictSerializerMixin
from assessments.conformity.models import (
    ChecklistResult,
    ChecklistRun,
    ConformityAssessment,
    Decision,
    Evidence,
    Finding,
    Outcome,
    Procedure,
)
from assessments.conformity.services import ASSESSMENT_WORKFLOW
from registry.api.serializers import OwnSubjectSerializer, SubjectRecordSerializer


class FindingSerializer(serializers.ModelSerializer):
    assessment = serializers.UUIDField(source="assessment_id", read_only=True)
    author_organization = serializers.CharField(source="author_organization.slug", read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "assessment",
            "requirement",
            "outcome",
            "narrative",
            "evidence",
            "status",
            "response",
            "author_organization",
            "created_at",
            "answered_at",
            "closed_at",
            "reviewed_at",
            "return_reason",
        ]
        read_only_fields = fields


class AssessmentSerializer(SubjectRecordSerializer):
    workflow = ASSESSMENT_WORKFLOW
    assessor_organization = serializers.SerializerMethodField()

    class Meta:
        model = ConformityAssessment
        fields = [
            "id",
            "procedure",
            "subject",
            "subject_version",
            "provider",
            "assessor_organization",
            "not_lodged_elsewhere",
            "status",
            "decision",
            "conditions",
            "last_reason",
            "requirements",
            "actions",
            "requested_at",
            "decided_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_assessor_organization(self, assessment) -> dict | None:
        body = assessment.assessor_organization
        if body is None:
            return None
        return {
            "slug": body.slug,
            "name": body.name,
            "identification_number": body.identification_number,
        }


class AssessmentCreateSerializer(OwnSubjectSerializer):
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    assessor_organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.filter(kind=OrganizationKind.ASSESSOR),
        required=False,
        allow_null=True,
    )
    not_lodged_elsewhere = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        self.require_one_subject(attrs)
        return attrs


class AssessmentVerbSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)
    conditions = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class FindingCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    requirement = serializers.CharField(max_length=60)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    narrative = serializers.CharField(max_length=20000)
    evidence = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=100
    )


class FindingAnswerSerializer(StrictSerializerMixin, serializers.Serializer):
    response = serializers.CharField(max_length=20000)


class FindingReturnSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=20000)


class EvidenceSerializer(serializers.ModelSerializer):
    assessment = serializers.UUIDField(source="assessment_id", read_only=True)
    checklist_run = serializers.UUIDField(
        source="checklist_run_id", read_only=True, allow_null=True
    )
    download = serializers.SerializerMethodField(
        help_text="Where accepted evidence is downloaded; null for quarantined evidence."
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "assessment",
            "kind",
            "title",
            "requirement",
            "version",
            "original_filename",
            "content_type",
            "size",
            "sha256",
            "status",
            "reason",
            "metric",
            "checklist_run",
            "download",
            "created_at",
        ]
        read_only_fields = fields

    def get_download(self, evidence) -> str | None:
        if not evidence.downloadable:
            return None
        return f"/api/v1/evidence/{evidence.pk}/download/"


class RequirementResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    basis = serializers.CharField()
    check = serializers.CharField()
    findings = FindingSerializer(many=True)
    evidence = EvidenceSerializer(many=True)


class ChecklistResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistResult
        fields = ["requirement", "outcome", "reason", "inputs"]
        read_only_fields = fields


class ChecklistRunSerializer(serializers.ModelSerializer):
    assessment = serializers.UUIDField(source="assessment_id", read_only=True)
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    status = serializers.CharField(source="job.status", read_only=True, default=None)
    progress = serializers.IntegerField(source="job.progress", read_only=True, default=None)
    results = ChecklistResultSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistRun
        fields = [
            "id",
            "assessment",
            "number",
            "job",
            "status",
            "progress",
            "summary",
            "created_at",
            "finished_at",
            "results",
        ]
        read_only_fields = fields


class EvidenceCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """Multipart with `file`, or JSON with `metric`; exactly one of them."""

    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)
    metric = serializers.JSONField(required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    requirement = serializers.CharField(required=False, allow_blank=True, max_length=60)

    def validate(self, attrs):
        if ("file" in attrs) == ("metric" in attrs):
            raise serializers.ValidationError(
                {"file": ["Send a document as multipart `file`, or a JSON `metric`; one of them."]}
            )
        return attrs
