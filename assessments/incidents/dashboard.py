"""The serious incidents' block on the provider's and the authority's dashboards
(registered with the core's dashboard when the app is ready) and the summary it loads
with htmx: the open incidents, most urgent first, each with the clock running out next."""

from django.utils import timezone
from django.views.generic import TemplateView

from aigov.accounts.models import OrganizationKind
from aigov.dashboard import dashboard_block
from aigov.web import ActorRequiredMixin
from assessments.incidents.models import IncidentReport, IncidentStatus
from assessments.incidents.selectors import incident_queue, next_open_clock

SHOWN = 5

dashboard_block(
    template="assessments/incidents/_dashboard.html",
    kinds={OrganizationKind.OPERATOR, OrganizationKind.AUTHORITY},
    permission="incidents.view",
)


class IncidentSummaryView(ActorRequiredMixin, TemplateView):
    """The open incidents the actor sees (its own, or those routed to it) and their
    next deadline, with the time left."""

    permission_required = "incidents.view"
    template_name = "assessments/incidents/_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        open_incidents = IncidentReport.objects.visible_to(self.actor).exclude(
            status=IncidentStatus.CLOSED
        )
        now = timezone.now()
        rows = []
        for incident in incident_queue(open_incidents.prefetch_related("routes"))[:SHOWN]:
            clock = next_open_clock(incident)
            rows.append(
                {
                    "incident": incident,
                    "clock": clock,
                    "countdown": clock.countdown(now) if clock else "",
                    "overdue": clock is not None and clock.due_at < now,
                }
            )
        context.update(rows=rows, total=open_incidents.count())
        return context
