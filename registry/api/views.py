from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from aigov.accounts.models import User
from aigov.api.views import (
    ActorAPIView,
    LeanListMixin,
    PublicReadOnlyViewSet,
    TenantViewSet,
    add_workflow_actions,
)
from registry.api.public import PUBLIC_ENTRY_COLUMNS, PublicEntrySerializer, public_entry_row
from registry.api.serializers import (
    AI_SYSTEM_ROW_COLUMNS,
    FILING_ROW_COLUMNS,
    GPAI_MODEL_ROW_COLUMNS,
    AISystemSerializer,
    AssignSerializer,
    ClassifyRequestSerializer,
    DesignateSerializer,
    DesignationSerializer,
    FilingCreateSerializer,
    FilingEventSerializer,
    FilingSerializer,
    FilingUpdateSerializer,
    GPAIModelSerializer,
    ReasonSerializer,
    SubjectVersionSerializer,
    SubmissionSerializer,
    ai_system_row,
    filing_row,
    gpai_model_row,
)
from registry.exports import queue_csv_response, register_export_response
from registry.filters import (
    AISystemFilter,
    FilingFilter,
    GPAIModelFilter,
    PublicRegisterFilter,
    QueueFilter,
)
from registry.models import (
    FILING_TRANSITIONS,
    AISystem,
    Filing,
    FilingEvent,
    GPAIModel,
    SubjectKind,
    SubjectVersion,
    Submission,
)
from registry.regimes import ProfileError, classify
from registry.selectors import (
    filings_seen_by,
    gpai_models_with_systemic_risk,
    public_register,
)
from registry.services import (
    filing_assign,
    filing_create,
    filing_transition,
    filing_update,
    model_designate,
    subject_create,
    subject_update,
)
from registry.services.filings import ASSIGNEE_REFUSED


class SubjectViewSet(
    LeanListMixin,
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
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
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
    lean_rows = (AI_SYSTEM_ROW_COLUMNS, ai_system_row)

    def get_base_queryset(self):
        return AISystem.objects.select_related("gpai_model")


class GPAIModelViewSet(SubjectViewSet):
    model = GPAIModel
    serializer_class = GPAIModelSerializer
    filterset_class = GPAIModelFilter
    subject_kind = SubjectKind.GPAI_MODEL
    lean_rows = (GPAI_MODEL_ROW_COLUMNS, gpai_model_row)


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


class FilingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Filings: providers draft, fill in and submit; authorities review. Each workflow verb
    is `POST /filings/{id}/<verb>/` and answers 409 when the filing's state forbids it."""

    model = Filing
    serializer_class = FilingSerializer
    filterset_class = FilingFilter
    cursor_ordering = ("-created_at", "-id")
    permission_by_action = {
        "list": "filings.view",
        "retrieve": "filings.view",
        "submissions": "filings.view",
        "events": "filings.view",
        "create": "filings.edit",
        "partial_update": "filings.edit",
        **{verb: rule.permission for verb, rule in FILING_TRANSITIONS.items()},
        "assign": "filings.review",
        "designate": "filings.review",
    }

    def get_base_queryset(self):
        return filings_seen_by(self.request.actor)

    @extend_schema(request=FilingCreateSerializer, responses={201: FilingSerializer})
    def create(self, request):
        form = FilingCreateSerializer(data=request.data, context={"actor": request.actor})
        form.is_valid(raise_exception=True)
        given = form.validated_data
        filing = filing_create(
            actor=request.actor,
            filing_type=given["filing_type"],
            subject=given.get("ai_system") or given.get("gpai_model"),
            registration_number=given.get("registration_number", ""),
        )
        return Response(
            FilingSerializer(filing, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=FilingUpdateSerializer, responses=FilingSerializer)
    def partial_update(self, request, pk=None):
        filing = self.get_object()  # another tenant's filing is a 404 before any validation
        form = FilingUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        filing = filing_update(actor=request.actor, filing=filing, data=form.validated_data["data"])
        return Response(FilingSerializer(filing, context=self.get_serializer_context()).data)

    @extend_schema(responses=SubmissionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def submissions(self, request, pk=None):
        """Every submission, newest first, with its SHA-256 and the diff to the previous."""
        filing = self.get_object()
        rows = Submission.objects.visible_to(request.actor).filter(filing=filing)
        rows = rows.select_related("submitted_by")
        context = self.get_serializer_context()
        return Response(SubmissionSerializer(rows, many=True, context=context).data)

    @extend_schema(responses=FilingEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        filing = self.get_object()
        rows = FilingEvent.objects.visible_to(request.actor).filter(filing=filing)
        return Response(
            FilingEventSerializer(rows.select_related("actor_organization"), many=True).data
        )

    @extend_schema(request=AssignSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        filing = self.get_object()
        form = AssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        email = form.validated_data["assignee"]
        assignee = User.objects.filter(email=email.lower()).first() if email else None
        if email and assignee is None:
            raise ValidationError({"assignee": [ASSIGNEE_REFUSED]})
        filing = filing_assign(actor=request.actor, filing=filing, assignee=assignee)
        return Response(FilingSerializer(filing, context=self.get_serializer_context()).data)

    @extend_schema(request=DesignateSerializer, responses=DesignationSerializer)
    @action(detail=True, methods=["post"], url_path="designate-systemic-risk")
    def designate(self, request, pk=None):
        """The AI Office designates the filing's GPAI model as having systemic risk."""
        filing = self.get_object()
        form = DesignateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if filing.gpai_model is None:
            raise ValidationError({"filing": ["This filing is not about a GPAI model."]})
        model = model_designate(
            model=filing.gpai_model, actor=request.actor, reason=form.validated_data["reason"]
        )
        return Response(DesignationSerializer(model).data)


add_workflow_actions(
    FilingViewSet,
    FILING_TRANSITIONS,
    request=ReasonSerializer,
    response=FilingSerializer,
    move=lambda actor, filing, verb, data: filing_transition(
        actor=actor, filing=filing, transition=verb, reason=data.get("reason", "")
    ),
)


class QueueViewSet(LeanListMixin, mixins.ListModelMixin, TenantViewSet):
    """The authority's work list: what was submitted to it, soonest deadline first."""

    model = Filing
    serializer_class = FilingSerializer
    filterset_class = QueueFilter
    cursor_ordering = ("decision_due_at", "id")
    allowed_kinds = ("authority",)
    permission_by_action = {"list": "filings.view", "export": "filings.view"}
    # The same JSON as FilingSerializer, from the columns it shows instead of six model
    # instances per filing; an authority reads the last submission, never later edits.
    # `filing_row` also takes the values shown and the moment: see build_rows.
    lean_rows = ((*FILING_ROW_COLUMNS, "submitted_data"), filing_row)

    def get_base_queryset(self):
        return filings_seen_by(self.request.actor).filter(authority=self.request.actor.organization)

    def build_rows(self, page) -> list[dict]:
        now = timezone.now()  # one moment for the whole page's `seconds_left`
        return [filing_row(row, row["submitted_data"] or {}, now) for row in page]

    @extend_schema(responses={(200, "text/csv"): str})
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        """The filtered queue as CSV (every row, not one page)."""
        rows = self.filter_queryset(self.get_queryset()).order_by("decision_due_at", "id")
        return queue_csv_response(rows)


EXPORT_FORMATS = ("csv", "json")


class PublicRegisterViewSet(LeanListMixin, PublicReadOnlyViewSet):
    """The public register: registered entries with only their public fields. No login."""

    serializer_class = PublicEntrySerializer
    filterset_class = PublicRegisterFilter
    cursor_ordering = ("-registered_at", "-id")
    lean_rows = (PUBLIC_ENTRY_COLUMNS, public_entry_row)

    def get_queryset(self):
        return public_register()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format", str, enum=EXPORT_FORMATS, default="csv", description="File format."
            )
        ],
        # JSON first: Schemathesis 3 checks a response against the first media type listed.
        responses={
            (200, "application/json"): {"type": "array", "items": {"type": "object"}},
            (200, "text/csv"): str,
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        """The whole filtered register as CSV (`?format=csv`; one `published.<field>` column
        per published field) or JSON (`?format=json`; `public_fields` as an object)."""
        export_format = request.query_params.get("format", "csv")
        if export_format not in EXPORT_FORMATS:
            raise ValidationError({"format": [f"Must be one of {', '.join(EXPORT_FORMATS)}."]})
        rows = self.filter_queryset(self.get_queryset()).order_by("registered_at", "id")
        return register_export_response(rows, export_format)

    @extend_schema(responses=PublicEntrySerializer(many=True))
    @action(
        detail=False,
        methods=["get"],
        url_path="gpai-systemic-risk",
        pagination_class=None,
        filter_backends=[],
    )
    def gpai_systemic_risk(self, request):
        """Art. 52(6): the GPAI models with systemic risk notified to the AI Office."""
        rows = gpai_models_with_systemic_risk().order_by("registered_at", "id")
        return Response(PublicEntrySerializer(rows, many=True).data)
