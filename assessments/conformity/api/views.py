"""`/api/v1/assessments/` and `/api/v1/findings/` (DESIGN.md §8). Every verb calls a
service; scoping is `visible_to(actor)` in the base viewset."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from aigov.api import idempotency
from aigov.api.parsers import JSONParser
from aigov.api.problems import IdempotencyKeyRequired, PayloadTooLarge
from aigov.api.views import TenantViewSet, add_workflow_actions
from aigov.stored_files import attachment
from assessments.catalogues.catalogue import get as requirement_get
from assessments.conformity.api.serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    AssessmentVerbSerializer,
    ChecklistRunSerializer,
    EvidenceCreateSerializer,
    EvidenceSerializer,
    FindingAnswerSerializer,
    FindingCreateSerializer,
    FindingReturnSerializer,
    FindingSerializer,
    RequirementResultSerializer,
)
from assessments.conformity.evidence import EvidenceTooLarge
from assessments.conformity.filters import AssessmentFilter, EvidenceFilter
from assessments.conformity.models import (
    ASSESSMENT_TRANSITIONS,
    ChecklistRun,
    ConformityAssessment,
    Evidence,
    Finding,
)
from assessments.conformity.selectors import evidence_file
from assessments.conformity.services import (
    assessment_request,
    assessment_transition,
    checklist_run_start,
    evidence_record_metric,
    evidence_upload,
    finding_answer,
    finding_close,
    finding_create,
    finding_release,
    finding_return,
)


def _runs_of(actor, assessment):
    return (
        ChecklistRun.objects.visible_to(actor)
        .filter(assessment=assessment)
        .select_related("job")
        .prefetch_related("results")
    )


def _evidence_of(actor, assessment):
    return Evidence.objects.visible_to(actor).filter(assessment=assessment)


def _findings_of(actor, assessment):
    """The assessment's findings the actor may see (not the unreleased, for the provider)."""
    return (
        Finding.objects.visible_to(actor)
        .filter(assessment=assessment)
        .select_related("author_organization")
    )


class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Providers request assessments; the assigned assessor (or the provider itself under
    internal control) works them; authorities read those of subjects filed with them.
    Each workflow verb is `POST /assessments/{id}/<verb>/` and answers 409 when the
    assessment's state forbids it."""

    model = ConformityAssessment
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    cursor_ordering = ("-requested_at", "-id")
    permission_by_action = {
        "list": "assessments.view",
        "retrieve": "assessments.view",
        "requirements": "assessments.view",
        # Reading findings, or recording one: the service asks for `assessments.assess`
        # once the assessment is found, so another tenant's assessment stays a 404.
        "findings": "assessments.view",
        # Listing runs is a read; the service decides who may start one (provider or assessor).
        "checklist_runs": "assessments.view",
        # Likewise: the service decides who adds evidence (the provider's editors).
        "evidence": "assessments.view",
        "create": "assessments.request",
        **{verb: rule.permission for verb, rule in ASSESSMENT_TRANSITIONS.items()},
    }

    def get_base_queryset(self):
        return ConformityAssessment.objects.select_related("organization", "assessor_organization")

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def create(self, request):
        form = AssessmentCreateSerializer(data=request.data, context={"actor": request.actor})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        assessment = assessment_request(
            actor=request.actor,
            subject=data.get("ai_system") or data.get("gpai_model"),
            procedure=data["procedure"],
            assessor_organization=data.get("assessor_organization"),
            not_lodged_elsewhere=data["not_lodged_elsewhere"],
        )
        body = AssessmentSerializer(assessment, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RequirementResultSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def requirements(self, request, pk=None):
        """Each requirement in scope with the findings recorded against it and the
        evidence filed under it (every version)."""
        assessment = self.get_object()
        findings: dict[str, list] = {}
        for finding in _findings_of(request.actor, assessment):
            findings.setdefault(finding.requirement, []).append(finding)
        evidence: dict[str, list] = {}
        for item in _evidence_of(request.actor, assessment).order_by("title", "-version"):
            evidence.setdefault(item.requirement, []).append(item)
        rows = []
        for code in assessment.requirements:
            requirement = requirement_get(code)
            rows.append(
                {
                    "code": code,
                    "title": requirement.title,
                    "basis": requirement.basis,
                    "check": requirement.check,
                    "findings": findings.get(code, []),
                    "evidence": evidence.get(code, []),
                }
            )
        return Response(RequirementResultSerializer(rows, many=True).data)

    @extend_schema(methods=["GET"], request=None, responses=FindingSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=FindingCreateSerializer,
        responses={201: FindingSerializer},
        description="Record a finding. `Idempotency-Key` is required (428 without one).",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def findings(self, request, pk=None):
        """The assessment's findings; the assessor records one with POST."""
        assessment = self.get_object()
        if request.method == "GET":
            found = _findings_of(request.actor, assessment)
            return Response(FindingSerializer(found, many=True).data)
        if idempotency.requested_key(request) is None:
            raise IdempotencyKeyRequired()
        form = FindingCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        finding = finding_create(actor=request.actor, assessment=assessment, **form.validated_data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=ChecklistRunSerializer(many=True))
    @extend_schema(methods=["POST"], request=None, responses={202: ChecklistRunSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="checklist-runs",
        pagination_class=None,
        filter_backends=[],
    )
    def checklist_runs(self, request, pk=None):
        """The assessment's checklist runs, newest first; POST starts one (202: it runs as
        a job; follow its `status` and `progress` at `/checklist-runs/{id}/`)."""
        assessment = self.get_object()
        if request.method == "GET":
            return Response(
                ChecklistRunSerializer(_runs_of(request.actor, assessment), many=True).data
            )
        run = checklist_run_start(actor=request.actor, assessment=assessment)
        body = ChecklistRunSerializer(_runs_of(request.actor, assessment).get(pk=run.pk)).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(methods=["GET"], request=None, responses=EvidenceSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": EvidenceCreateSerializer,
            "application/json": EvidenceCreateSerializer,
        },
        responses={201: EvidenceSerializer},
        description="Add evidence: a document as multipart `file` (checked by its content; "
        "over EVIDENCE_MAX_BYTES is 413; executables, unknown types and zip bombs are "
        "refused; a PDF with active content is stored as `quarantined` with the `reason`), "
        "or a JSON `metric`. Accepted evidence starts a new checklist run.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filter_backends=[],
        parser_classes=[JSONParser, MultiPartParser],
    )
    def evidence(self, request, pk=None):
        """The assessment's evidence, every version, newest first; the provider adds one
        with POST."""
        assessment = self.get_object()
        if request.method == "GET":
            found = _evidence_of(request.actor, assessment)
            return Response(EvidenceSerializer(found, many=True).data)
        form = EvidenceCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        fields = {"title": data.get("title", ""), "requirement": data.get("requirement", "")}
        if "metric" in data:
            created = evidence_record_metric(
                actor=request.actor, assessment=assessment, metric=data["metric"], **fields
            )
        else:
            try:
                created = evidence_upload(
                    actor=request.actor, assessment=assessment, upload=data["file"], **fields
                )
            except EvidenceTooLarge as exc:
                too_large = PayloadTooLarge(exc.message_dict["file"][0])
                too_large.errors = exc.message_dict
                raise too_large from None
        return Response(EvidenceSerializer(created).data, status=status.HTTP_201_CREATED)


add_workflow_actions(
    AssessmentViewSet,
    ASSESSMENT_TRANSITIONS,
    request=AssessmentVerbSerializer,
    response=AssessmentSerializer,
    move=lambda actor, assessment, verb, data: assessment_transition(
        actor=actor, assessment=assessment, verb=verb, **data
    ),
)


class ChecklistRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Checklist runs of the assessments the caller takes part in, with their results."""

    model = ChecklistRun
    serializer_class = ChecklistRunSerializer
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {"list": "assessments.view", "retrieve": "assessments.view"}

    def get_base_queryset(self):
        return ChecklistRun.objects.select_related("job").prefetch_related("results")


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Findings of the assessments the caller takes part in. A notified body's assessor
    proposes a finding (`status: proposed`, seen by the body only); its lead releases it
    or returns it with a reason. The provider answers a nonconformity; the assessor
    closes it."""

    model = Finding
    serializer_class = FindingSerializer
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {
        "list": "assessments.view",
        "retrieve": "assessments.view",
        "answer": "assessments.request",
        "close": "assessments.assess",
        "release": "assessments.review",
        "return_": "assessments.review",
    }

    def get_base_queryset(self):
        return Finding.objects.select_related("author_organization", "assessment")

    @extend_schema(request=FindingAnswerSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The provider's corrective action for a nonconformity."""
        finding = self.get_object()
        form = FindingAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        finding = finding_answer(actor=request.actor, finding=finding, **form.validated_data)
        return Response(FindingSerializer(finding).data)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The assessor accepts the corrective action."""
        finding = finding_close(actor=request.actor, finding=self.get_object())
        return Response(FindingSerializer(finding).data)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """The lead assessor releases a proposed finding to the provider (409 unless
        proposed)."""
        finding = finding_release(actor=request.actor, finding=self.get_object())
        return Response(FindingSerializer(finding).data)

    @extend_schema(request=FindingReturnSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """The lead assessor returns a proposed finding with the reason: it is withdrawn
        (`status: returned`, never shown to the provider) and the assessor records a
        corrected finding with a new POST."""
        finding = self.get_object()
        form = FindingReturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        finding = finding_return(actor=request.actor, finding=finding, **form.validated_data)
        return Response(FindingSerializer(finding).data)


class EvidenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Evidence of the assessments the caller takes part in (every version, with its
    status and SHA-256); accepted evidence is downloaded from `/download/`."""

    model = Evidence
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {
        "list": "assessments.view",
        "retrieve": "assessments.view",
        "download": "assessments.view",
    }

    @extend_schema(
        responses={(200, "application/octet-stream"): bytes},
        description="The file, as an attachment with its detected type and `nosniff`; "
        "409 for quarantined evidence or a stored file whose SHA-256 changed.",
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return attachment(evidence_file(self.get_object()))
