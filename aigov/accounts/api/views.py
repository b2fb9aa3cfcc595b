from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from aigov.accounts.api.serializers import (
    ActorSerializer,
    ApiKeyCreatedSerializer,
    ApiKeyCreateSerializer,
    ApiKeySerializer,
)
from aigov.accounts.models import ApiKey
from aigov.accounts.services import api_key_create, api_key_revoke
from aigov.api.views import ActorAPIView, TenantViewSet


class OrganizationMeView(ActorAPIView):
    """The caller's organisation, role and scopes."""

    permission_by_action = {"get": "organization.view"}

    @extend_schema(responses=ActorSerializer)
    def get(self, request):
        actor = request.actor
        data = {
            "organization": actor.organization,
            "role": actor.role,
            "scopes": sorted(actor.scopes),
            "user": actor.user.email if actor.user else None,
            "api_key": actor.api_key.pk if actor.api_key else None,
        }
        return Response(ActorSerializer(data).data)


class ApiKeyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """API keys of the caller's organisation. The token is shown only in the create response."""

    model = ApiKey
    serializer_class = ApiKeySerializer
    cursor_ordering = ("-created_at", "-id")
    filterset_fields = ["scope"]
    permission_by_action = {
        "list": "apikeys.view",
        "retrieve": "apikeys.view",
        "create": "apikeys.manage",
        "revoke": "apikeys.manage",
    }

    def get_base_queryset(self):
        return ApiKey.objects.select_related("created_by")

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyCreatedSerializer})
    def create(self, request):
        form = ApiKeyCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        key, token = api_key_create(
            organization=request.actor.organization, actor=request.actor, **form.validated_data
        )
        key.token = token
        return Response(ApiKeyCreatedSerializer(key).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApiKeySerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        key = api_key_revoke(key=self.get_object(), actor=request.actor)
        return Response(ApiKeySerializer(key).data)
