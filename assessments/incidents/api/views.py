"""`/api/v1/incidents/` (DESIGN.md §8, §10): providers record and report incidents in
stages (`…/reports/`) and record a notice given outside the platform
(`…/record-notice/`, SB 53's imminent risk); the authorities they are routed to triage
them with the verbs. Scoping is `visible_to(actor)` in the base viewset."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from aigov.api.views import TenantViewSet, add_workflow_actions
from assessments.incidents.api.serializers import (
    IncidentCreateSerializer,
    IncidentSerializer,
    IncidentSubmissionSerializer,
    NoticeSerializer,
    ReportSerializer,
    TriageSerializer,
)
from assessments.incidents.filters import IncidentFilter
from assessments.incidents.models import (
    AUTHORITY_VERBS,
    INCIDENT_TRANSITIONS,
    IncidentReport,
    IncidentVerb,
)
from assessments.incidents.services import (
    incident_create,
    incident_record_notice,
    incident_report,
    incident_triage,
)


class IncidentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Serious incidents: the provider's own, or those reported to the calling authority.
    Triage verbs are `POST /incidents/{id}/<verb>/` and answer 409 when the incident's
    state forbids them."""

    model = IncidentReport
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    cursor_ordering = ("report_due_at", "id")
    allowed_kinds = ("operator", "authority")
    permission_by_action = {
        "list": "incidents.view",
        "retrieve": "incidents.view",
        # Reading the stages is a read; submitting one needs `incidents.report`, asked by
        # the service once the incident is found (another's stays a 404).
        "reports": "incidents.view",
        "create": "incidents.report",
        **{
            verb: INCIDENT_TRANSITIONS[verb].permission
            for verb in (*AUTHORITY_VERBS, IncidentVerb.RECORD_NOTICE)
        },
    }

    def get_base_queryset(self):
        return IncidentReport.objects.select_related("organization").prefetch_related(
            "routes__authority"
        )

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer})
    def create(self, request):
        form = IncidentCreateSerializer(data=request.data, context={"actor": request.actor})
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        subject = data.pop("ai_system", None) or data.pop("gpai_model", None)
        data.pop("gpai_model", None)
        incident = incident_create(actor=request.actor, subject=subject, **data)
        incident = self.get_base_queryset().get(pk=incident.pk)
        body = IncidentSerializer(incident, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=IncidentSubmissionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ReportSerializer,
        responses={201: IncidentSubmissionSerializer},
        description="Submit a stage: `initial` (may be incomplete), `complete`, "
        "`follow_up` or `final`; each is frozen and hashed.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def reports(self, request, pk=None):
        """The submitted stages, oldest first; the provider submits one with POST."""
        incident = self.get_object()
        if request.method == "GET":
            rows = incident.submissions.order_by("number")
            return Response(IncidentSubmissionSerializer(rows, many=True).data)
        form = ReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        submission = incident_report(actor=request.actor, incident=incident, **form.validated_data)
        return Response(
            IncidentSubmissionSerializer(submission).data, status=status.HTTP_201_CREATED
        )


add_workflow_actions(
    IncidentViewSet,
    AUTHORITY_VERBS,
    request=TriageSerializer,
    response=IncidentSerializer,
    move=lambda actor, incident, verb, data: incident_triage(
        actor=actor, incident=incident, verb=verb, **data
    ),
)
# The provider's record of the notice it gave outside the platform (SB 53's imminent risk):
# 422 naming the field for a bad one, or on an incident whose category calls for none.
add_workflow_actions(
    IncidentViewSet,
    (IncidentVerb.RECORD_NOTICE,),
    request=NoticeSerializer,
    response=IncidentSerializer,
    move=lambda actor, incident, verb, data: incident_record_notice(
        actor=actor, incident=incident, **data
    ),
)
