"""`/api/v1/certificates/`, `/api/v1/declarations/` and the public
`/api/v1/public/certificates/{number}/` (DESIGN.md §8, §10). Every write calls a
service; scoping is `visible_to(actor)` in the base viewset."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from aigov.api.problems import PayloadTooLarge
from aigov.api.views import TenantViewSet, add_workflow_actions
from assessments.certificates.api.serializers import (
    CertificateEventSerializer,
    CertificateIssueSerializer,
    CertificateSerializer,
    CertificateVerbSerializer,
    DeclarationCreateSerializer,
    DeclarationSerializer,
    DeclarationSignSerializer,
    DeclarationUpdateSerializer,
)
from assessments.certificates.filters import CertificateFilter
from assessments.certificates.models import (
    CERTIFICATE_TRANSITIONS,
    MANUAL_VERBS,
    Certificate,
    DeclarationOfConformity,
)
from assessments.certificates.selectors import (
    CERTIFICATE_KIND,
    PdfTooLarge,
    certificate_for_verification,
    document_check,
    public_certificate,
)
from assessments.certificates.services import (
    certificate_issue,
    certificate_transition,
    declaration_draft,
    declaration_sign,
    declaration_update,
)


class CertificateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Certificates: the provider's own, those the calling notified body issued, and those
    of systems filed with the calling authority. The issuer creates one on a conformant
    Annex VII decision and uses the verbs `suspend|restrict|withdraw|reinstate`."""

    model = Certificate
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    cursor_ordering = ("-created_at", "id")
    permission_by_action = {
        "list": "certificates.view",
        "retrieve": "certificates.view",
        "events": "certificates.view",
        "create": "certificates.issue",
        **{verb: CERTIFICATE_TRANSITIONS[verb].permission for verb in MANUAL_VERBS},
    }

    def get_base_queryset(self):
        return Certificate.objects.select_related("organization", "issuer", "supplements", "renews")

    @extend_schema(request=CertificateIssueSerializer, responses={201: CertificateSerializer})
    def create(self, request):
        form = CertificateIssueSerializer(data=request.data, context={"actor": request.actor})
        form.is_valid(raise_exception=True)
        certificate = certificate_issue(actor=request.actor, **form.validated_data)
        certificate = self.get_base_queryset().get(pk=certificate.pk)
        body = CertificateSerializer(certificate, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=CertificateEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        """The certificate's timeline: issue and each status change with its reasons."""
        certificate = self.get_object()
        rows = certificate.events.select_related("actor_organization")
        return Response(CertificateEventSerializer(rows, many=True).data)


add_workflow_actions(
    CertificateViewSet,
    MANUAL_VERBS,
    request=CertificateVerbSerializer,
    response=CertificateSerializer,
    move=lambda actor, certificate, verb, data: certificate_transition(
        actor=actor, certificate=certificate, verb=verb, **data
    ),
)


class DeclarationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """EU declarations of conformity (Art. 47, Annex V). The provider drafts one from its
    registered data (`POST` with `ai_system`), edits the draft (`PATCH`), and its admin
    signs it (`POST …/sign/`, a signed-in person only); a signed one never changes."""

    model = DeclarationOfConformity
    serializer_class = DeclarationSerializer
    cursor_ordering = ("-created_at", "id")
    permission_by_action = {
        "list": "certificates.view",
        "retrieve": "certificates.view",
        "create": "declarations.edit",
        "partial_update": "declarations.edit",
        "sign": "declarations.sign",
    }

    def get_base_queryset(self):
        return DeclarationOfConformity.objects.select_related("organization", "certificate")

    def _answer(self, declaration, code=status.HTTP_200_OK):
        declaration = self.get_base_queryset().get(pk=declaration.pk)
        body = DeclarationSerializer(declaration, context=self.get_serializer_context()).data
        return Response(body, status=code)

    @extend_schema(request=DeclarationCreateSerializer, responses={201: DeclarationSerializer})
    def create(self, request):
        form = DeclarationCreateSerializer(data=request.data, context={"actor": request.actor})
        form.is_valid(raise_exception=True)
        declaration = declaration_draft(actor=request.actor, **form.validated_data)
        return self._answer(declaration, status.HTTP_201_CREATED)

    @extend_schema(request=DeclarationUpdateSerializer, responses=DeclarationSerializer)
    def partial_update(self, request, pk=None):
        declaration = self.get_object()
        form = DeclarationUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        content = data.pop("content", {})
        declaration_update(
            actor=request.actor, declaration=declaration, content=content, fields=data
        )
        return self._answer(declaration)

    @extend_schema(request=DeclarationSignSerializer, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        declaration = self.get_object()
        form = DeclarationSignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        declaration_sign(actor=request.actor, declaration=declaration, **form.validated_data)
        return self._answer(declaration)


class PublicCertificateView(APIView):
    """Verify a certificate by its number, without an account: its live status (read
    fresh on every request), scope, issuer and holder. An unknown number is a 404."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer("PublicCertificate", {"number": serializers.CharField()})
    )
    def get(self, request, number: str):
        certificate = certificate_for_verification(number)
        if certificate is None:
            raise NotFound("No certificate has this number.")
        response = Response(public_certificate(certificate))
        response["Cache-Control"] = "no-store"  # the status must never be stale
        return response


class PublicCertificateCheckView(APIView):
    """Is this PDF one aigov issued for the certificate? Multipart `file`; answers
    `matches`, the file's `sha256` and the live `status`. Nothing is stored."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": {"type": "object", "properties": {"file": {}}}},
        responses=inline_serializer(
            "PublicCertificateCheck",
            {
                "matches": serializers.BooleanField(),
                "sha256": serializers.CharField(),
                "status": serializers.CharField(),
            },
        ),
    )
    def post(self, request, number: str):
        certificate = certificate_for_verification(number)
        if certificate is None:
            raise NotFound("No certificate has this number.")
        try:
            answer = document_check(CERTIFICATE_KIND, certificate, request.FILES.get("file"))
        except PdfTooLarge as exc:
            raise PayloadTooLarge(str(exc)) from exc
        response = Response({**answer, "status": certificate.status})
        response["Cache-Control"] = "no-store"
        return response
