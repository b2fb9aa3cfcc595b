from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from aigov.api.views import ActorAPIView, TenantViewSet
from registry.api.serializers import (
    AISystemSerializer,
    ClassifyRequestSerializer,
    GPAIModelSerializer,
    SubjectVersionSerializer,
)
from registry.filters import AISystemFilter, GPAIModelFilter
from registry.models import AISystem, GPAIModel, SubjectKind, SubjectVersion
from registry.regimes import ProfileError, classify
from registry.services import subject_create, subject_update


class SubjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Create, list, read and change systems or models; every write goes to a service."""

    subject_kind: str = ""
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {
        "list": "registry.view",
        "retrieve": "registry.view",
        "versions": "registry.view",
        "create": "registry.edit",
        "update": "registry.edit",
        "partial_update": "registry.edit",
    }

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}

    def _split(self, validated: dict) -> tuple[dict, dict | None, bool, str]:
        profile = validated.pop("profile", None)
        substantial = validated.pop("substantial_modification", False)
        reason = validated.pop("modification_reason", "")
        return validated, profile, substantial, reason

    def perform_create(self, serializer):
        fields, profile, _, _ = self._split(dict(serializer.validated_data))
        serializer.instance = subject_create(
            actor=self.request.actor, model_class=self.model, fields=fields, profile=profile
        )

    def perform_update(self, serializer):
        fields, profile, substantial, reason = self._split(dict(serializer.validated_data))
        serializer.instance = subject_update(
            actor=self.request.actor,
            subject=serializer.instance,
            fields=fields,
            profile=profile,
            substantial_modification=substantial,
            reason=reason,
        )

    @extend_schema(responses=SubjectVersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        """Every version of this subject, newest first; old versions never change."""
        subject = self.get_object()
        versions = SubjectVersion.objects.visible_to(request.actor).filter(
            subject_kind=self.subject_kind, subject_id=subject.pk
        )
        return Response(SubjectVersionSerializer(versions, many=True).data)


class AISystemViewSet(SubjectViewSet):
    model = AISystem
    serializer_class = AISystemSerializer
    filterset_class = AISystemFilter
    subject_kind = SubjectKind.AI_SYSTEM

    def get_base_queryset(self):
        return AISystem.objects.select_related("gpai_model")


class GPAIModelViewSet(SubjectViewSet):
    model = GPAIModel
    serializer_class = GPAIModelSerializer
    filterset_class = GPAIModelFilter
    subject_kind = SubjectKind.GPAI_MODEL


class ClassifyView(ActorAPIView):
    """Stateless preview: classify a profile under every regime; nothing is stored."""

    permission_by_action = {"post": "classification.view"}

    @extend_schema(
        request=ClassifyRequestSerializer,
        responses={200: OpenApiResponse(description="The classification of DESIGN.md §6")},
    )
    def post(self, request):
        profile = ClassifyRequestSerializer().to_internal_value(request.data)
        try:
            result = classify(profile)
        except ProfileError as exc:
            raise ValidationError(exc.errors) from None
        return Response(result, status=status.HTTP_200_OK)
