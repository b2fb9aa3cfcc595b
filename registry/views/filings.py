"""Browser views of filings: the provider's list, starting a filing from a system or model,
the filing page with its values, timeline and submissions, the generated edit form and
submit; the regulator's queue, review page, assignment and CSV export.

Each view checks access (`aigov.web.ActorRequiredMixin`), reads only through
`visible_to(actor)` / `get_visible_or_404`, calls `registry.services` for every write and
renders. Which actions a page offers is asked of the workflow (`FILING_WORKFLOW`), the
same question the service asks before it acts. Everything works without JavaScript.
"""

import uuid
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

from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404, paginate
from aigov.workflow import TransitionConflict
from registry.filters import FilingFilter
from registry.forms.filings import (
    AssignForm,
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
    AISystem,
    Filing,
    FilingEvent,
    FilingStatus,
    GPAIModel,
    Submission,
    Transition,
)
from registry.presenters import (
    DANGEROUS,
    REASON_LABELS,
    STATUS_LABELS,
    TRANSITION_LABELS,
    current_deadline,
    deadlines,
    decision_clock_note,
    diff_rows,
    filing_row,
    stage_label,
    status_badge,
    value_rows,
)
from registry.regimes import FILING_TYPES, filings_needed, regime_label
from registry.selectors import (
    WAITING_STATUSES,
    filings_with_parties,
    overdue_filter,
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
    assign_allowed,
    filing_context,
    next_number_preview,
)
from registry.views.gpai import designation_context

SUMMARY_ROWS = 5
DUE_SOON_DAYS = 7


def available_actions(actor, filing) -> list[str]:
    """The status transitions this actor may use on this filing now, asked of the
    workflow (the assignment has its own form)."""
    return [verb for verb in FILING_WORKFLOW.available(actor, filing) if verb in FILING_TRANSITIONS]


def reason_form(verb: str, data=None) -> ReasonForm | None:
    rule = FILING_TRANSITIONS[verb]
    if not rule.needs_reason:
        return None
    return ReasonForm(
        data,
        prefix=verb,
        label=REASON_LABELS.get(verb, "Reason"),
        needs_reason=True,
    )


# Decisions that ask for confirmation on a page saying what will happen.
CONFIRMED = {Transition.ACCEPT, Transition.REJECT, Transition.SUSPEND, Transition.WITHDRAW}


def consequence(filing, verb: str) -> str:
    """What a decision will do, in the words of the confirmation page."""
    declared = FILING_TYPES[filing.filing_type]
    if verb == Transition.ACCEPT and filing.stage + 1 < len(declared.stages):
        following = declared.stages[filing.stage + 1]
        return (
            f"Accepts the {stage_word(declared.stages[filing.stage])} review and passes "
            f"the filing on to the {stage_word(following)} review."
        )
    if verb == Transition.ACCEPT:
        number = next_number_preview(filing)
        where = (
            "publishes it on the public register"
            if declared.publishable and not filing.non_public
            else "keeps it off the public register"
        )
        return f"Registers {filing.subject.name} as {number} and {where}."
    if verb == Transition.REJECT:
        return (
            f"Rejects the filing for good: {filing.organization.name} will have to start a "
            "new filing. Your reason is sent to the provider."
        )
    if verb == Transition.SUSPEND:
        return (
            f"Suspends registration {filing.registration_number}: it leaves the public "
            "register until it is reinstated. Your reason is sent to the provider."
        )
    return (
        f"Withdraws registration {filing.registration_number} for good: it leaves the "
        "public register and cannot be reinstated."
    )


def stage_word(stage: str) -> str:
    return stage.replace("_", " ")


def success_message(filing, verb: str) -> str:
    if verb == Transition.SUBMIT:
        return f"Submitted to {filing.authority.name}. You will be told of its decision."
    if verb == Transition.ACCEPT and filing.status == FilingStatus.REGISTERED:
        return f"Accepted: registered as {filing.registration_number}."
    if verb == Transition.ACCEPT and filing.status == FilingStatus.SUBMITTED:
        return f"Accepted at this stage: passed on to {filing.authority.name}."
    return f"{TRANSITION_LABELS[verb]}: the filing is now “{STATUS_LABELS[filing.status]}”."


def filings_queryset(now):
    return with_overdue_flags(filings_with_parties(), now)


def get_filing(actor, pk, now=None):
    return get_visible_or_404(filings_queryset(now or timezone.now()), actor, pk=pk)


def filing_page_context(
    request, filing, *, reason_forms=None, assign_form=None, conflict=None, designate_form=None
) -> dict:
    """Everything the filing page shows, for the provider and for the reviewing authority."""
    actor = request.actor
    now = timezone.now()
    declared = FILING_TYPES[filing.filing_type]
    submissions = list(
        Submission.objects.visible_to(actor).filter(filing=filing).select_related("submitted_by")
    )
    latest = submissions[0] if submissions else None
    reviewing = actor.kind == "authority"
    # The authority reviews exactly what was sent; the provider sees the values it edits.
    shown = latest.data if reviewing and latest else filing.data
    events = FilingEvent.objects.visible_to(actor).filter(filing=filing)
    events = list(events.select_related("actor_organization", "actor_user"))
    reason_forms = reason_forms or {}
    actions = []
    for verb in available_actions(actor, filing):
        url = (
            reverse("filing_submit", args=[filing.pk])
            if verb == Transition.SUBMIT
            else reverse("filing_transition", args=[filing.pk])
        )
        actions.append(
            {
                "verb": verb,
                "label": TRANSITION_LABELS[verb],
                "url": url,
                "form": reason_forms.get(verb) or reason_form(verb),
                "danger": verb in DANGEROUS,
            }
        )
    can_assign = reviewing and assign_allowed(actor, filing)
    if can_assign and assign_form is None:
        assign_form = AssignForm(
            organization=actor.organization, initial={"assignee": filing.assignee_id}
        )
    public = declared.publishable and not filing.non_public
    values = value_rows(declared, shown, context=filing_context(filing))
    return {
        "filing": filing,
        "filing_type": declared,
        "subject": filing.subject,
        # A deployer's use (Section C) names the provider's entry; its system is not ours.
        "entry": filing.provider_filing,
        "subject_url": None
        if filing.provider_filing_id
        else reverse(
            "system_detail" if filing.ai_system_id else "model_detail", args=[filing.subject.pk]
        ),
        "status": status_badge(filing.status),
        "stage": stage_label(filing),
        "deadlines": deadlines(filing, now),
        "clock_note": decision_clock_note(filing, declared, events),
        "reviewing": reviewing,
        "public": public,
        "public_values": [row for row in values if public and row["public"]],
        "private_values": [row for row in values if not (public and row["public"])],
        "shown_submission": latest if reviewing else None,
        # The reviewer's first question on a resubmission: what changed since last time.
        "latest_diff": diff_rows(declared, latest.diff)
        if reviewing and latest and latest.number > 1
        else None,
        "submissions": [
            {"submission": s, "diff": diff_rows(declared, s.diff)} for s in submissions
        ],
        "events": [
            {
                "event": event,
                "label": TRANSITION_LABELS.get(event.transition, event.transition),
                "from": STATUS_LABELS.get(event.from_status, event.from_status),
                "to": STATUS_LABELS.get(event.to_status, event.to_status),
                # A person's name stays inside their own organisation.
                "person": event.actor_user
                if event.actor_organization_id == actor.organization.pk
                else None,
            }
            for event in events
        ],
        "actions": actions,
        "action_errors": any(form is not None and form.errors for form in reason_forms.values()),
        "can_edit": filing.status in EDITABLE_STATUSES and actor.can("filings.edit"),
        "moved_on": reviewing and filing.authority_id != actor.organization.pk,
        "assign_form": assign_form if can_assign else None,
        "conflict": conflict,
        "back_url": reverse("queue") if reviewing else reverse("filing_list"),
        "back_label": "Review queue" if reviewing else "All filings",
        # The AI Office designates a GPAI model from its review page (Art. 52(4)).
        **designation_context(actor, filing, designate_form),
    }


def render_filing_page(request, filing, status: int = 200, **kwargs):
    return render(
        request,
        "filings/filing_detail.html",
        filing_page_context(request, filing, **kwargs),
        status=status,
    )


def render_conflict(request, pk, exc: TransitionConflict):
    """The filing as it is now, with why the action could not be done (HTTP 409)."""
    filing = get_filing(request.actor, pk)
    return render_filing_page(
        request,
        filing,
        status=409,
        conflict=f"{exc} Someone may have acted on it meanwhile; here it is as it is now.",
    )


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


def _subject_from(actor, params):
    """The system or model named by `?system=` or `?model=`; 404 if it is not the actor's."""
    for key, model in (("system", AISystem), ("model", GPAIModel)):
        value = params.get(key)
        if value:
            try:
                pk = uuid.UUID(value)
            except ValueError:
                raise Http404("No such subject.") from None
            return key, get_visible_or_404(model, actor, pk=pk)
    raise Http404("Name a system or a model.")


class FilingNewView(ActorRequiredMixin, TemplateView):
    """The filings a system or model needs under its classification, each with its
    open filing or a Start button (POST starts a draft and opens its form)."""

    permission_required = "filings.view"
    template_name = "filings/filing_new.html"

    def get_context_data(self, params=None, error=None, **kwargs):
        context = super().get_context_data(**kwargs)
        key, subject = _subject_from(self.actor, params or self.request.GET)
        lookup = {"ai_system": subject} if key == "system" else {"gpai_model": subject}
        kind = "ai_system" if key == "system" else "gpai_model"
        open_filings = (
            Filing.objects.visible_to(self.actor)
            .filter(**lookup)
            .exclude(status__in=CLOSED_STATUSES)
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
                }
            )
        context.update(
            subject=subject,
            subject_key=key,
            subject_url=reverse(f"{key}_detail", args=[subject.pk]),
            needed=needed,
            can_start=self.actor.can("filings.edit"),
            error=error,
        )
        return context

    def post(self, request):
        self.require_permission("filings.edit")
        _key, subject = _subject_from(self.actor, request.POST)
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
                soon_count=waiting.filter(
                    decision_due_at__gte=now, decision_due_at__lt=soon
                ).count(),
                waiting_count=waiting.count(),
                rows=[filing_row(filing, now) for filing in urgent[:SUMMARY_ROWS]],
                soon_days=DUE_SOON_DAYS,
            )
        else:
            needing = queryset.filter(status__in=EDITABLE_STATUSES).order_by(
                F("filing_due_at").asc(nulls_last=True), "-updated_at"
            )
            context.update(
                count=needing.count(),
                rows=[filing_row(filing, now) for filing in needing[:SUMMARY_ROWS]],
            )
        return context
