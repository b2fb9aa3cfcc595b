"""The assessments' block on the operator and assessor dashboards (registered with the
core's dashboard when the app is ready) and the summary it loads with htmx: what is open
and what waits for this organisation, each number linked to its list."""

from django.db.models import Count, Q
from django.views.generic import TemplateView

from aigov.accounts.models import OrganizationKind
from aigov.dashboard import dashboard_block
from aigov.web import ActorRequiredMixin
from assessments.conformity.models import (
    AssessmentStatus,
    ConformityAssessment,
    Finding,
    FindingStatus,
)

_S = AssessmentStatus
OPEN = (_S.REQUESTED, _S.ACCEPTED, _S.IN_PROGRESS, _S.INFORMATION_REQUESTED)

dashboard_block(
    template="assessments/conformity/_dashboard.html",
    kinds={OrganizationKind.OPERATOR, OrganizationKind.ASSESSOR},
    permission="assessments.view",
)


class AssessmentSummaryView(ActorRequiredMixin, TemplateView):
    """Open assessments by status, and what waits for the actor's organisation: for a
    provider the information requests and findings to answer, for an assessor the
    requests to accept."""

    permission_required = "assessments.view"
    template_name = "assessments/conformity/_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = ConformityAssessment.objects.visible_to(self.actor).aggregate(
            open=Count("id", filter=Q(status__in=OPEN)),
            requested=Count("id", filter=Q(status=_S.REQUESTED)),
            in_progress=Count("id", filter=Q(status=_S.IN_PROGRESS)),
            information=Count("id", filter=Q(status=_S.INFORMATION_REQUESTED)),
        )
        to_answer = (
            Finding.objects.visible_to(self.actor).filter(status=FindingStatus.OPEN).count()
            if self.actor.kind == OrganizationKind.OPERATOR
            else None
        )
        context.update(counts=counts, to_answer=to_answer)
        return context
