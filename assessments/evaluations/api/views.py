"""`/api/v1/evaluations/` (DESIGN.md §8, §10): evaluation institutes post evaluations of
GPAI models, with an optional Inspect log (multipart `log`); the provider, the evaluator
and the AI Office read them. Scoping is `visible_to(actor)` in the base viewset."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from aigov.api.parsers import JSONParser
from aigov.api.problems import PayloadTooLarge
from aigov.api.views import TenantViewSet
from aigov.stored_files import attachment
from assessments.conformity.evidence import EvidenceTooLarge
from assessments.evaluations.api.serializers import (
    EvaluationCreateSerializer,
    EvaluationSerializer,
)
from assessments.evaluations.filters import EvaluationFilter
from assessments.evaluations.models import Evaluation
from assessments.evaluations.selectors import evaluation_log_file, evaluations_for, with_joins
from assessments.evaluations.services import evaluation_submit


class EvaluationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Capability and safety evaluations of GPAI models: the provider's, the caller's own
    (an evaluation institute), or all of them (the AI Office). Immutable: a correction is
    a new evaluation with `supersedes`."""

    model = Evaluation
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {
        "list": "evaluations.view",
        "retrieve": "evaluations.view",
        "log": "evaluations.view",
        "create": "evaluations.submit",
    }
    parser_classes = [JSONParser, MultiPartParser]

    def get_base_queryset(self):
        return with_joins(Evaluation.objects.all())

    @extend_schema(
        request={
            "multipart/form-data": EvaluationCreateSerializer,
            "application/json": EvaluationCreateSerializer,
        },
        responses={201: EvaluationSerializer},
        description="Post an evaluation (evaluation institutes only). An Inspect log as "
        "multipart `log` (.eval or .json, judged by its bytes) is read with inspect_ai's "
        "log reader; a file that is not a log is 422 naming `log`, over EVIDENCE_MAX_BYTES "
        "is 413, and nothing is stored.",
    )
    def create(self, request):
        form = EvaluationCreateSerializer(data=request.data, context={"actor": request.actor})
        form.is_valid(raise_exception=True)
        try:
            evaluation = evaluation_submit(actor=request.actor, **form.validated_data)
        except EvidenceTooLarge as exc:
            too_large = PayloadTooLarge(exc.message_dict["log"][0])
            too_large.errors = exc.message_dict
            raise too_large from None
        evaluation = evaluations_for(request.actor).get(pk=evaluation.pk)
        body = EvaluationSerializer(evaluation, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): bytes},
        description="The Inspect log as uploaded (an attachment, `nosniff`); 404 when the "
        "evaluation has none, 409 when the stored bytes no longer match the SHA-256.",
    )
    @action(detail=True, methods=["get"])
    def log(self, request, pk=None):
        evaluation = self.get_object()
        if not evaluation.has_log:
            raise NotFound("This evaluation has no Inspect log.")
        return attachment(evaluation_log_file(evaluation))
