"""Browser views of the CSV import of GPAI models (an Epoch AI list): the upload, then
confirming or discarding its preview. Both steps run as jobs, whose page shows progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from aigov.jobs.models import Job
from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404
from registry.forms.subjects import ModelImportForm
from registry.services import models_import_confirm, models_import_discard, models_import_start
from registry.services.imports import PREVIEW_KIND


class ModelImportView(ActorRequiredMixin, TemplateView):
    """Upload an Epoch AI CSV; the import runs as a job whose page shows its progress."""

    permission_required = "registry.edit"
    template_name = "registry/model_import.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or ModelImportForm()
        return context

    def post(self, request):
        form = ModelImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = models_import_start(actor=self.actor, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    "The file is accepted. Its preview is being prepared: nothing is imported "
                    "until you confirm.",
                )
                return redirect("job_detail", job.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ModelImportConfirmView(ActorRequiredMixin, View):
    """Confirm a previewed import: starts the import job and shows its progress."""

    permission_required = "registry.edit"

    def post(self, request, pk):
        preview = get_visible_or_404(Job.objects.filter(kind=PREVIEW_KIND), self.actor, pk=pk)
        try:
            job = models_import_confirm(actor=self.actor, preview=preview)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("job_detail", preview.pk)
        messages.success(request, "The import is running.")
        return redirect("job_detail", job.pk)


class ModelImportDiscardView(ActorRequiredMixin, View):
    """Discard a previewed upload instead of importing it."""

    permission_required = "registry.edit"

    def post(self, request, pk):
        preview = get_visible_or_404(Job.objects.filter(kind=PREVIEW_KIND), self.actor, pk=pk)
        try:
            models_import_discard(actor=self.actor, preview=preview)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("job_detail", preview.pk)
        messages.success(request, "The uploaded file is discarded; nothing was imported.")
        return redirect("model_list")
