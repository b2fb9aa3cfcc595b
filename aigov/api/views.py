"""The base API views. Every API view inherits one of these; scoping happens here."""

from collections.abc import Callable

from django.db import transaction
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from aigov.accounts.actor import resolve_actor
from aigov.api import idempotency


class ActorAPIView(APIView):
    """Resolves the Actor, enforces `permission_by_action`, handles Idempotency-Key."""

    # action (or lower-case HTTP method for plain views) → permission; missing = denied.
    permission_by_action: dict[str, str] = {}
    # Organisation kinds this view serves (None: all); others are refused with 403.
    allowed_kinds: tuple[str, ...] | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and request.META.get(idempotency.HEADER):
            # One transaction for the business change and its stored response.
            with transaction.atomic():
                response = super().dispatch(request, *args, **kwargs)
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                return response
        return super().dispatch(request, *args, **kwargs)

    def perform_authentication(self, request):
        super().perform_authentication(request)
        request.actor = resolve_actor(request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = idempotency.requested_key(request)
        if key is not None:
            request.idempotency = (key, idempotency.begin(request, request.actor, key))

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        pending = getattr(request, "idempotency", None)
        if pending is not None:
            request.idempotency = None
            key, body_fingerprint = pending
            idempotency.store(request, request.actor, key, body_fingerprint, response)
        return response


class TenantViewSet(ActorAPIView, viewsets.GenericViewSet):
    """A viewset over one tenant-owned model, always scoped by `visible_to(actor)`.

    Subclasses set `model` and may override `get_base_queryset` for joins; they never
    override `get_queryset`, so no view can forget the scoping.
    """

    model = None
    lookup_field = "pk"
    lookup_value_converter = "uuid"

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation: no request
            return self.model.objects.none()
        return self.get_base_queryset().visible_to(self.request.actor)

    def get_serializer_context(self):
        # Serializers that show each side something different read the actor here.
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}


class TenantReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    pass


class LeanListMixin:
    """A list built from `.values()` rows instead of model instances: `lean_rows` names
    the columns it reads and the builder of each row's JSON, kept next to the serializer
    whose output it repeats (a test per resource keeps the two equal). Scoping, filters
    and cursor pagination are the viewset's own; detail views keep the serializer.

    Put it before the viewset's list mixin so that its `list` is the one used."""

    lean_rows: tuple[tuple[str, ...], Callable[[dict], dict]]

    def build_rows(self, page) -> list[dict]:  # before `list`, which would shadow the type
        _columns, build = self.lean_rows
        return [build(row) for row in page]

    def list(self, request, *args, **kwargs):
        columns, _build = self.lean_rows
        rows = self.filter_queryset(self.get_queryset()).values(*columns)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.build_rows(page))


class PublicReadOnlyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Open data without a login (the public register). No actor, so subclasses read only
    through a selector that returns what the law makes public."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    lookup_value_converter = "uuid"


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its initialising script served as a file (`?script`), so the page
    works under the Content-Security-Policy, which refuses inline script."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # As drf-spectacular's own page sets it: Swagger UI's OAuth2 pop-up needs it.
        response["Cross-Origin-Opener-Policy"] = "unsafe-none"
        return response


def add_workflow_actions(viewset, verbs, *, request, response, move) -> None:
    """Give `viewset` one `POST /<resource>/{id}/<verb>/` per verb of a workflow table.

    Each validates its body with the `request` serializer, calls
    `move(actor, obj, verb, validated_data)` (the service, which checks the actor and the
    state) and answers the object as the `response` serializer shows it.
    """
    for verb in verbs:
        setattr(viewset, verb, _workflow_action(verb, request, response, move))


def _workflow_action(verb: str, request_serializer, response_serializer, move):
    @extend_schema(
        request=request_serializer,
        responses=response_serializer,
        description=f"Workflow transition `{verb}`.",
    )
    def handler(self, request, pk=None):
        obj = self.get_object()
        form = request_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        moved = move(request.actor, obj, verb, form.validated_data)
        return Response(response_serializer(moved, context=self.get_serializer_context()).data)

    handler.__name__ = verb
    return action(detail=True, methods=["post"], url_path=verb.replace("_", "-"))(handler)
