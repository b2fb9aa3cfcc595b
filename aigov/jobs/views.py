"""A background job's browser page and the progress partial it polls."""

import json

from django.views.generic import TemplateView

from aigov.jobs.models import Job
from aigov.jobs.services import HANDLERS
from aigov.web import ActorRequiredMixin, get_visible_or_404

# htmx stops polling when a poll answers 286 (https://htmx.org/docs/#polling).
HTMX_STOP_POLLING = 286


class JobDetailView(ActorRequiredMixin, TemplateView):
    """One background job, with a progress bar that htmx refreshes until the job ends."""

    permission_required = "jobs.view"
    template_name = "jobs/job_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_visible_or_404(
            Job.objects.select_related("created_by"), self.actor, pk=self.kwargs["pk"]
        )
        context["job"] = job
        spec = HANDLERS.get(job.kind)
        context["job_title"] = (spec.title if spec is not None else "") or job.kind
        if spec is not None and spec.result_link is not None and job.status == "succeeded":
            context["result_link"] = spec.result_link(job)
        if job.result is not None:
            context["result_json"] = json.dumps(job.result, indent=2, sort_keys=True)
        return context


class JobProgressView(JobDetailView):
    """The progress partial that the job page polls every second."""

    template_name = "jobs/_progress.html"

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["job"].is_finished:
            response.status_code = HTMX_STOP_POLLING
        return response
