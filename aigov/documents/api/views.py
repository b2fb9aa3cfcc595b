"""`/api/v1/documents/`: the PDFs of the objects the caller sees; `POST` asks for one
(200 with the stored document, or 202 with the render job); `…/download/` the bytes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from aigov.api.views import TenantViewSet
from aigov.documents.api.serializers import DocumentRequestSerializer, DocumentSerializer
from aigov.documents.kinds import kind_get
from aigov.documents.models import Document
from aigov.documents.selectors import pdf_attachment
from aigov.documents.services import document_request
from aigov.jobs.api.serializers import JobSerializer


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Rendered PDF documents (certificates, declarations, filing receipts) of the objects
    the caller may see; filter by `kind` and `object_id`."""

    model = Document
    serializer_class = DocumentSerializer
    cursor_ordering = ("-created_at", "-id")
    filterset_fields = ["kind", "object_id", "language"]
    permission_by_action = {
        "list": "documents.view",
        "retrieve": "documents.view",
        "download": "documents.view",
        "create": "documents.request",
    }

    @extend_schema(
        request=DocumentRequestSerializer,
        responses={200: DocumentSerializer, 202: JobSerializer},
        description="The stored document of the object's current version (200), or the "
        "job rendering it (202; its result names the document once it has succeeded).",
    )
    def create(self, request):
        form = DocumentRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        kind = kind_get(data["kind"])
        obj = kind.visible(request.actor).filter(pk=data["object_id"]).first()
        if obj is None:
            raise serializers.ValidationError(
                {"object_id": [f"No {kind.title.lower()} you can see has this id."]}
            )
        language = data.get("language") or settings.DOCUMENT_LANGUAGES[0]
        try:
            found = document_request(
                actor=request.actor, kind=kind.code, obj=obj, language=language
            )
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        if isinstance(found, Document):
            return Response(DocumentSerializer(found).data, status=status.HTTP_200_OK)
        return Response(JobSerializer(found).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(description="The PDF.")},
        description="The PDF as an attachment, checked against its SHA-256 first.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, pk=None):
        return pdf_attachment(self.get_object())
