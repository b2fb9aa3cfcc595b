"""The browser's PDF routes: ask for a document (a form POST from the object's page) and
download it after the access check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views import View

from aigov.documents.kinds import kind_get
from aigov.documents.models import Document
from aigov.documents.selectors import pdf_attachment
from aigov.documents.services import document_request
from aigov.exceptions import StateConflict
from aigov.web import ActorRequiredMixin, get_visible_or_404


def _safe_next(request, fallback: str = "/") -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


class DocumentRequestView(ActorRequiredMixin, View):
    """POST kind, object_id, language: the stored PDF's download, or the render job's page
    (which links to the download once the job has succeeded)."""

    permission_required = "documents.request"

    def post(self, request):
        try:
            kind = kind_get(request.POST.get("kind", ""))
        except LookupError:
            raise Http404("No such kind of document.") from None
        try:
            obj = kind.visible(self.actor).get(pk=request.POST.get("object_id", ""))
        except (kind.model.DoesNotExist, ValidationError, ValueError):  # type: ignore[attr-defined]
            raise Http404(f"No {kind.title.lower()} matches the given query.") from None
        language = request.POST.get("language") or ""
        try:
            found = document_request(actor=self.actor, kind=kind.code, obj=obj, language=language)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            back = kind.object_url(obj) if kind.object_url else "/"
            return redirect(_safe_next(request, back))
        if isinstance(found, Document):
            return redirect("document_download", pk=found.pk)
        messages.info(request, f"The {kind.title} is being rendered.")
        return redirect("job_detail", pk=found.pk)


class DocumentDownloadView(ActorRequiredMixin, View):
    """The PDF as an attachment, after the access check (404 for anyone who may not see
    its object) and the SHA-256 check."""

    permission_required = "documents.view"

    def get(self, request, pk):
        document = get_visible_or_404(Document, self.actor, pk=pk)
        try:
            return pdf_attachment(document)
        except StateConflict as exc:
            messages.error(request, str(exc))
            kind = kind_get(document.kind)
            back = "/"
            if kind.object_url is not None:
                obj = kind.visible(self.actor).filter(pk=document.object_id).first()
                back = kind.object_url(obj) if obj is not None else "/"
            return redirect(back)
