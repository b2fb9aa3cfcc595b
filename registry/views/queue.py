"""The regulator's side of filings: the review queue with its filters and CSV export, the
review page, and assigning a filing to a reviewer. The review page itself is the filing
page (`registry.views.filings`), rendered for the authority."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from aigov.web import ActorRequiredMixin, add_service_errors, paginate
from aigov.workflow import TransitionConflict
from registry.exports import queue_csv_response
from registry.filters import QueueFilter
from registry.forms.filings import AssignForm, dress_queue_filter_form, reviewers_of
from registry.presenters import filing_row
from registry.selectors import WAITING_STATUSES
from registry.services import filing_assign
from registry.views.filing_page import (
    filings_queryset,
    get_filing,
    render_conflict,
    render_filing_page,
)
from registry.views.filings import queue_order


class AuthorityRequiredMixin(ActorRequiredMixin):
    """Pages of the review queue: only for authorities (others get the 403 page)."""

    permission_required = "filings.view"

    def dispatch(self, request, *args, **kwargs):
        actor = getattr(request, "actor", None)
        if request.user.is_authenticated and actor and actor.kind != "authority":
            raise PermissionDenied("The review queue is for authorities.")
        return super().dispatch(request, *args, **kwargs)


def queue_params(request) -> QueryDict:
    """The queue's filters; with none given, what waits for a decision."""
    params = request.GET.copy()
    params.pop("page", None)
    if not params:
        params.setlist("status", list(WAITING_STATUSES))
    return params


def queue_filterset(request, now):
    actor = request.actor
    queryset = filings_queryset(now).visible_to(actor).filter(authority=actor.organization)
    filterset = QueueFilter(queue_params(request), queryset=queryset, request=request)
    dress_queue_filter_form(filterset.form, reviewers_of(actor.organization))
    return filterset


class QueueView(AuthorityRequiredMixin, TemplateView):
    """What was submitted to this authority, soonest decision deadline first."""

    template_name = "filings/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        filterset = queue_filterset(self.request, now)
        page = paginate(self.request, queue_order(filterset.qs))
        context.update(
            form=filterset.form,
            page=page,
            rows=[filing_row(filing, now) for filing in page],
            defaulted=not any(key != "page" for key in self.request.GET),
            query=queue_params(self.request).urlencode(),
            # The filters a figure's number linked with (registry.figures), which the
            # form does not show: named above the list and kept when the form is sent.
            figure_filters=[
                (name, filterset.filters[name].label, value)
                for name in QueueFilter.FIGURE_FILTERS
                for value in self.request.GET.getlist(name)
                if value
            ],
        )
        return context


class QueueExportView(AuthorityRequiredMixin, View):
    """The filtered queue as CSV: every row, not one page."""

    def get(self, request):
        filterset = queue_filterset(request, timezone.now())
        return queue_csv_response(queue_order(filterset.qs))


class QueueReviewView(AuthorityRequiredMixin, View):
    """The review page: the latest submission, its diff, assignment and the decisions."""

    def get(self, request, pk):
        return render_filing_page(request, get_filing(self.actor, pk))


class FilingAssignView(AuthorityRequiredMixin, View):
    """Give the filing to a reviewer of the authority, or to nobody."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.require_permission("filings.review")
        filing = get_filing(self.actor, pk)
        form = AssignForm(request.POST, organization=self.actor.organization)
        if form.is_valid():
            assignee = form.cleaned_data["assignee"]
            try:
                filing_assign(actor=self.actor, filing=filing, assignee=assignee)
            except TransitionConflict as exc:
                return render_conflict(request, pk, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                who = assignee.email if assignee else "nobody"
                messages.success(request, f"The filing is assigned to {who}.")
                return redirect("queue_review", pk=pk)
        return render_filing_page(request, filing, assign_form=form)
