"""The audit log's browser page."""

from django.views.generic import TemplateView

from aigov.audit.models import AuditEvent
from aigov.web import ActorRequiredMixin, paginate


class AuditLogView(ActorRequiredMixin, TemplateView):
    """The organisation's audit events, newest first, 50 a page."""

    permission_required = "audit.view"
    template_name = "audit/audit_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = AuditEvent.objects.visible_to(self.actor).select_related(
            "actor_user", "actor_api_key"
        )
        context["page"] = paginate(self.request, events)
        return context
