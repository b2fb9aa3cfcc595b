"""Browser views of filings: the provider's list, starting a filing from a system or model,
the filing page with its values, timeline and submissions, the generated edit form and
submit; the regulator's queue, review page, assignment and CSV export.

Each view checks access (`aigov.web.ActorRequiredMixin`), reads only through
`visible_to(actor)` / `get_visible_or_404`, calls `registry.services` for every write and
renders. Which actions a page offers is asked of the workflow (`FILING_WORKFLOW`), the
same question the service asks before it acts. Everything works without JavaScript.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from aigov.web import ActorRequiredMixin, add_service_errors, paginate
from aigov.workflow import TransitionConflict
from registry.filters import FilingFilter
from registry.forms.filings import (
    FilingForm,
    ReasonForm,
    RegisteredEntryForm,
    StartFilingForm,
    dress_filing_filter_form,
)
from registry.models import (
    CLOSED_STATUSES,
    EDITABLE_STATUSES,
    FILING_TRANSITIONS,
    Filing,
    Transition,
)
from registry.presenters import (
    DANGEROUS,
    STATUS_LABELS,
    TRANSITION_LABELS,
    current_deadline,
    filing_row,
    status_badge,
)
from registry.regimes import FILING_TYPES, filings_needed, regime_label
from registry.selectors import (
    DUE_SOON_DAYS,
    WAITING_STATUSES,
    due_soon_filter,
    filings_to_start,
    overdue_filter,
    systems_to_classify,
    with_overdue_flags,
)
from registry.services import (
    filing_create,
    filing_submit,
    filing_transition,
    filing_update,
)
from registry.services.filings import (
    FILING_WORKFLOW,
    filing_context,
)
from registry.views.filing_page import (
    CONFIRMED,
    consequence,
    filings_queryset,
    get_filing,
    reason_form,
    render_conflict,
    render_filing_page,
    success_message,
)
from registry.views.subjects import subject_named_in

SUMMARY_ROWS = 5
# A provider is told about its own deadlines earlier than a regulator about its queue.
PROVIDER_DUE_SOON_DAYS = 14


# --- The provider's side


class FilingListView(ActorRequiredMixin, TemplateView):
    """The organisation's filings, newest first, with status, deadline and last reason."""

    permission_required = "filings.view"
    template_name = "filings/filing_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        queryset = filings_queryset(now).visible_to(self.actor)
        filterset = FilingFilter(self.request.GET, queryset=queryset, request=self.request)
        dress_filing_filter_form(filterset.form)
        page = paginate(self.request, filterset.qs.order_by("-created_at", "-id"))
        context.update(
            form=filterset.form,
            page=page,
            rows=[filing_row(filing, now) for filing in page],
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            query=query_without_page(self.request),
        )
        return context


class FilingNewView(ActorRequiredMixin, TemplateView):
    """The filings a system or model needs under its classification, each with its
    open filing or a Start button (POST starts a draft and opens its form). Without a
    subject: every filing not started yet, of every system and model, to choose from."""

    permission_required = "filings.view"

    def get_template_names(self):
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        if self._names_subject(params):
            return ["filings/filing_new.html"]
        return ["filings/filings_to_start.html"]

    @staticmethod
    def _names_subject(params) -> bool:
        return bool(params.get("system") or params.get("model"))

    def get_context_data(self, params=None, error=None, **kwargs):
        params = params or self.request.GET
        if not self._names_subject(params):
            context = super().get_context_data(**kwargs)
            context.update(
                rows=filings_to_start(self.actor),
                can_start=self.can_start(),
                to_classify=systems_to_classify(self.actor),
            )
            return context
        return self.subject_context(params, error, **kwargs)

    def can_start(self) -> bool:
        return self.actor.kind == "operator" and self.actor.can("filings.edit")

    def subject_context(self, params, error, **kwargs):
        context = super().get_context_data(**kwargs)
        key, subject = subject_named_in(self.actor, params)
        lookup = {"ai_system": subject} if key == "system" else {"gpai_model": subject}
        kind = "ai_system" if key == "system" else "gpai_model"
        now = timezone.now()
        open_filings = with_overdue_flags(
            Filing.objects.visible_to(self.actor)
            .filter(**lookup)
            .exclude(status__in=CLOSED_STATUSES),
            now,
        )
        open_by_type = {filing.filing_type: filing for filing in open_filings}
        needed = []
        for filing_type in filings_needed(subject.classification, kind):
            found = open_by_type.get(filing_type.code)
            needed.append(
                {
                    "type": filing_type,
                    "regime": regime_label(filing_type.regime),
                    "open": found,
                    "status": status_badge(found.status) if found else None,
                    "deadline": current_deadline(found, now) if found else None,
                }
            )
        context.update(
            subject=subject,
            subject_key=key,
            subject_url=reverse(f"{key}_detail", args=[subject.pk]),
            rows=needed,
            can_start=self.can_start(),
            error=error,
        )
        return context

    def post(self, request):
        self.require_permission("filings.edit")
        _key, subject = subject_named_in(self.actor, request.POST)
        form = StartFilingForm(request.POST)
        if not form.is_valid():
            raise BadRequest("Unknown filing type.")
        try:
            filing = filing_create(
                actor=self.actor, subject=subject, filing_type=form.cleaned_data["filing_type"]
            )
        except ValidationError as exc:
            context = self.get_context_data(params=request.POST, error=" ".join(exc.messages))
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            "The filing is started with what aigov already knows. Complete it and submit it.",
        )
        return redirect("filing_edit", pk=filing.pk)


class FilingUseNewView(ActorRequiredMixin, TemplateView):
    """Art. 49(3): a deployer registers its use of a registered high-risk AI system,
    found by the registration number of the provider's entry (Annex VIII Section C)."""

    permission_required = "filings.edit"
    template_name = "filings/filing_use_new.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or RegisteredEntryForm(), filing_type=FILING_TYPES["eu.deployer"])
        return context

    def post(self, request):
        form = RegisteredEntryForm(request.POST)
        if form.is_valid():
            try:
                filing = filing_create(
                    actor=self.actor,
                    filing_type="eu.deployer",
                    registration_number=form.cleaned_data["registration_number"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Started: your use of {filing.provider_filing.registered_subject} "
                    f"({filing.provider_filing.registration_number}). Complete Section C and "
                    "submit it.",
                )
                return redirect("filing_edit", pk=filing.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FilingDetailView(ActorRequiredMixin, View):
    """One filing: status, deadlines, values with their legal basis, timeline, submissions."""

    permission_required = "filings.view"

    def get(self, request, pk):
        return render_filing_page(request, get_filing(self.actor, pk))


class FilingEditMixin(ActorRequiredMixin):
    permission_required = "filings.edit"

    def make_form(self, filing, data=None, for_submit=False):
        return FilingForm(
            data,
            filing_type=FILING_TYPES[filing.filing_type],
            context=filing_context(filing),
            public=not filing.non_public,
            for_submit=for_submit,
            initial=None if data is not None else filing.data,
        )

    def render_form(self, filing, form, status=200):
        context = {
            "filing": filing,
            "filing_type": FILING_TYPES[filing.filing_type],
            "subject": filing.subject,
            "status": status_badge(filing.status),
            "form": form,
            "deadline": current_deadline(filing, timezone.now()),
        }
        return render(self.request, "filings/filing_edit.html", context, status=status)


class FilingEditView(FilingEditMixin, View):
    """The form generated from the filing type; saving keeps a draft, however incomplete."""

    def get(self, request, pk):
        filing = get_filing(self.actor, pk)
        if filing.status not in EDITABLE_STATUSES:
            messages.info(
                request,
                f"A filing that is “{STATUS_LABELS[filing.status]}” can no longer be edited.",
            )
            return redirect("filing_detail", pk=pk)
        return self.render_form(filing, self.make_form(filing))

    def post(self, request, pk):
        filing = get_filing(self.actor, pk)
        form = self.make_form(filing, request.POST)
        if form.is_valid():
            try:
                filing_update(actor=self.actor, filing=filing, data=form.service_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            except TransitionConflict as exc:
                return render_conflict(request, pk, exc)
            else:
                messages.success(request, "Saved. Submit the filing when it is complete.")
                return redirect("filing_detail", pk=pk)
        return self.render_form(filing, form)


class FilingSubmitView(FilingEditMixin, View):
    """Submit, from the edit form (its values are saved first) or from the filing page.

    Every missing or invalid field is shown at once on the form; nothing is stored unless
    the submission goes through.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        filing = get_filing(self.actor, pk)
        from_form = request.POST.get("from_form") == "1"
        declared = FILING_TYPES[filing.filing_type]
        data = request.POST if from_form else FilingForm.data_from_values(declared, filing.data)
        form = self.make_form(filing, data, for_submit=True)
        if form.is_valid():
            try:
                # One transaction: a refused submission leaves the draft as it was.
                with transaction.atomic():
                    target = filing
                    if from_form:
                        target = filing_update(
                            actor=self.actor, filing=filing, data=form.service_data()
                        )
                    submitted = filing_submit(actor=self.actor, filing=target)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except TransitionConflict as exc:
                return render_conflict(request, pk, exc)
            else:
                messages.success(request, success_message(submitted, Transition.SUBMIT))
                return redirect("filing_detail", pk=pk)
        return self.render_form(filing, form)


class FilingTransitionView(ActorRequiredMixin, View):
    """Every workflow action of the filing page: one POST, one call of filing_transition."""

    permission_required = "filings.view"  # each action's own permission: the service's
    http_method_names = ["post"]

    def post(self, request, pk):
        verb = request.POST.get("transition", "")
        if verb not in FILING_TRANSITIONS:
            raise BadRequest("Unknown action.")
        if verb == Transition.SUBMIT:
            # Submitting shows its errors on the form, field by field.
            return FilingSubmitView.as_view()(request, pk=pk)
        filing = get_filing(self.actor, pk)
        form = reason_form(verb, request.POST)
        reason = ""
        if form is not None:
            if form.is_valid():
                reason = form.cleaned_data["reason"]
            else:
                return render_filing_page(request, filing, reason_forms={verb: form})
        try:
            if verb in CONFIRMED and request.POST.get("confirmed") != "yes":
                # Everything the decision would check, then the page that says what it does.
                reason = FILING_WORKFLOW.check(self.actor, filing, verb, reason)
                return self.confirm(request, filing, verb, reason)
            filing = filing_transition(
                actor=self.actor, filing=filing, transition=verb, reason=reason
            )
        except ValidationError as exc:
            form = form or ReasonForm(request.POST, prefix=verb)
            form.is_valid()
            add_service_errors(form, exc)
            filing = get_filing(self.actor, pk)
            return render_filing_page(request, filing, reason_forms={verb: form})
        except TransitionConflict as exc:
            return render_conflict(request, pk, exc)
        messages.success(request, success_message(filing, verb))
        return redirect(page_name(self.actor), pk=pk)

    def confirm(self, request, filing, verb: str, reason: str):
        context = {
            "filing": filing,
            "verb": verb,
            "label": TRANSITION_LABELS[verb],
            "consequence": consequence(filing, verb),
            "reason": reason,
            "danger": verb in DANGEROUS,
            "back_url": reverse(page_name(self.actor), args=[filing.pk]),
        }
        return render(request, "filings/filing_confirm.html", context)


def page_name(actor) -> str:
    """Where a filing is read: the review page for an authority, else the filing page."""
    return "queue_review" if actor.kind == "authority" else "filing_detail"


def query_without_page(request) -> str:
    """The list's filters as a query string, for page links and exports."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def queue_order(queryset):
    """Soonest decision deadline first, filings without one last."""
    return queryset.order_by(F("decision_due_at").asc(nulls_last=True), "submitted_at", "id")


# --- Dashboard blocks (loaded by htmx; a link without JavaScript)


class FilingSummaryView(ActorRequiredMixin, TemplateView):
    """Operators: filings needing action. Authorities: the queue's overdue and due soon."""

    permission_required = "filings.view"

    def get_template_names(self):
        if self.actor.kind not in ("operator", "authority"):
            raise Http404("No filings here.")
        return [f"filings/_summary_{self.actor.kind}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        queryset = filings_queryset(now).visible_to(self.actor)
        if self.actor.kind == "authority":
            waiting = queryset.filter(
                authority=self.actor.organization, status__in=WAITING_STATUSES
            )
            soon = now + timedelta(days=DUE_SOON_DAYS)
            urgent = queue_order(waiting.filter(decision_due_at__lt=soon))
            context.update(
                overdue_count=waiting.filter(overdue_filter(now)).count(),
                soon_count=waiting.filter(due_soon_filter(DUE_SOON_DAYS, now)).count(),
                waiting_count=waiting.count(),
                rows=[filing_row(filing, now) for filing in urgent[:SUMMARY_ROWS]],
                soon_days=DUE_SOON_DAYS,
            )
        else:
            needing = queryset.filter(status__in=EDITABLE_STATUSES).order_by(
                F("filing_due_at").asc(nulls_last=True), "-updated_at"
            )
            to_start = filings_to_start(self.actor)
            soon = now + timedelta(days=PROVIDER_DUE_SOON_DAYS)
            context.update(
                count=needing.count(),
                rows=[filing_row(filing, now) for filing in needing[:SUMMARY_ROWS]],
                due_soon_count=needing.filter(filing_due_at__lt=soon).count(),
                soon_days=PROVIDER_DUE_SOON_DAYS,
                to_start_count=len(to_start),
                to_start=to_start[:SUMMARY_ROWS],
                to_classify=systems_to_classify(self.actor)[:SUMMARY_ROWS],
            )
        return context
