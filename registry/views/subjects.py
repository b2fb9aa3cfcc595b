"""Browser views of the registry: lists of AI systems and GPAI models, the guided
create/edit wizard with its classification questionnaire, result pages and versions (the
CSV import of models is views/imports.py).

Each view checks access (`aigov.web.ActorRequiredMixin`), reads only through
`visible_to(actor)` / `get_visible_or_404`, calls `registry.services` for every write and
renders. The wizard works without JavaScript; with htmx, the questionnaire posts each
change to a preview endpoint that classifies the answers without storing anything.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from aigov.oversized import refuse_oversized
from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404, paginate
from registry.compute import compute_check
from registry.filters import AISystemFilter, GPAIModelFilter
from registry.forms.model_search import SEARCH_ACTION
from registry.forms.subjects import (
    GPAIModelEditForm,
    GPAIModelForm,
    ModelSearchForm,
    QuestionnaireForm,
    SystemEditForm,
    SystemForm,
    SystemSearchForm,
)
from registry.models import (
    AISystem,
    GPAIModel,
    MarketStatus,
    SubjectEvent,
    SubjectKind,
    SubjectVersion,
)
from registry.presenters import imported_from
from registry.regimes import relevant_questions, us_eo14110
from registry.regimes.eu_ai_act_panel import tier_badge
from registry.services import (
    subject_create,
    subject_preview,
    subject_update,
)
from registry.views.subject_results import (
    answer_rows,
    describe,
    detail_rows,
    display_value,
    panel,
    result_summary,
)

# --- Shared plumbing


def subject_named_in(actor, params, keys=("system", "model")):
    """`(key, subject)`: the system or model whose id a query or form gives under one of
    `keys` (the system's key first); 404 when it is malformed or not the actor's."""
    for key, model in zip(keys, (AISystem, GPAIModel), strict=True):
        value = params.get(key)
        if value:
            try:
                pk = uuid.UUID(value)
            except ValueError:
                raise Http404("No such subject.") from None
            return key, get_visible_or_404(model, actor, pk=pk)
    raise Http404("Name a system or a model.")


class SubjectViewMixin(ActorRequiredMixin):
    """What the system and model pages share: the model, its kind and its URL names."""

    model: type = AISystem
    kind: str = SubjectKind.AI_SYSTEM
    prefix = "system"
    kind_label = "AI system"
    kind_noun = "an AI system"
    form_class: type = SystemForm
    edit_form_class: type = SystemEditForm
    # What the flash message of a new draft says to do next.
    next_step = "Answer the questions below to classify it."

    def get_subject(self, queryset=None):
        return get_visible_or_404(
            queryset if queryset is not None else self.model, self.actor, pk=self.kwargs["pk"]
        )

    def urls(self, subject=None) -> dict:
        urls = {
            "list": reverse(f"{self.prefix}_list"),
            "create": reverse(f"{self.prefix}_create"),
        }
        if subject is not None:
            for name in ("detail", "edit", "questionnaire", "questionnaire_preview"):
                urls[name] = reverse(f"{self.prefix}_{name}", args=[subject.pk])
        return urls

    def versions(self, subject):
        return (
            SubjectVersion.objects.visible_to(self.actor)
            .filter(subject_kind=self.kind, subject_id=subject.pk)
            .select_related("created_by")
        )

    def history(self, subject) -> list:
        """Re-classifications and designations of the subject, newest first."""
        events = SubjectEvent.objects.visible_to(self.actor)
        return list(events.filter(subject_kind=self.kind, subject_id=subject.pk)[:50])

    def version_rows(self, subject) -> list[dict]:
        return [
            {"version": version, "summary": result_summary(version.classification)}
            for version in self.versions(subject)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kind_label=self.kind_label,
            kind_noun=self.kind_noun,
            prefix=self.prefix,
            no_tier=tier_badge(None),
            version_url_name=f"{self.prefix}_version",
        )
        return context


class ModelViewMixin:
    model = GPAIModel
    kind = SubjectKind.GPAI_MODEL
    prefix = "model"
    kind_label = "GPAI model"
    kind_noun = "a GPAI model"
    form_class = GPAIModelForm
    edit_form_class = GPAIModelEditForm
    next_step = (
        "Its EU result so far follows from its training compute and release; answer the "
        "questions below to complete its classification."
    )


# --- Lists


# What the systems list shows of a system: it reads these columns (`.values()`), the EU
# tier from its generated column rather than from the whole classification.
SYSTEM_ROW_COLUMNS = (
    "id", "name", "trade_name", "version", "market_status", "version_number", "updated_at",
    "classified_tier",
)  # fmt: skip
MARKET_STATUS_LABELS = dict(MarketStatus.choices)


class SystemListView(SubjectViewMixin, TemplateView):
    """The organisation's AI systems with their EU risk tier, searchable and paginated."""

    permission_required = "registry.view"
    template_name = "registry/system_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SystemSearchForm(self.request.GET)
        systems = AISystemFilter(
            form.filter_data(), queryset=AISystem.objects.visible_to(self.actor)
        ).qs.values(*SYSTEM_ROW_COLUMNS)
        page = paginate(self.request, systems)
        context.update(
            form=form,
            page=page,
            rows=[
                {
                    "system": system,
                    "tier": tier_badge(system["classified_tier"]),
                    "market_status": MARKET_STATUS_LABELS.get(
                        system["market_status"], system["market_status"]
                    ),
                }
                for system in page.object_list
            ],
            filtered=bool(form.filter_data()),
            urls=self.urls(),
        )
        return context


class ModelListView(ModelViewMixin, SubjectViewMixin, TemplateView):
    """The organisation's GPAI models with their systemic-risk, US-report and compute flags."""

    permission_required = "registry.view"
    template_name = "registry/model_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ModelSearchForm(self.request.GET)
        models = GPAIModelFilter(
            form.filter_data(), queryset=GPAIModel.objects.visible_to(self.actor)
        ).qs.defer("profile")
        page = paginate(self.request, models)
        rows = []
        for model in page.object_list:
            check = compute_check(
                parameters=model.parameters,
                training_tokens=model.training_tokens,
                declared_flop=model.training_compute_flop,
            )
            eu = model.classification.get("eu") or {}
            us = us_eo14110.describe(model.classification, model.classification.get("us") or {})
            rows.append(
                {
                    "model": model,
                    "compute": display_value(None, model.training_compute_flop),
                    "parameters": display_value(None, model.parameters),
                    "systemic_risk": eu.get("systemic_risk", False),
                    "us_report": us["required"],
                    "us_former_threshold": us["above_threshold"] and not us["required"],
                    "frontier": bool(
                        (model.classification.get("us_ca") or {}).get("frontier_model")
                    ),
                    "compute_gap": check.flagged,
                    "imported_from": imported_from(model),
                }
            )
        context.update(
            form=form, page=page, rows=rows, filtered=bool(form.filter_data()), urls=self.urls()
        )
        return context


# --- Step 1: details (create and edit)


class SubjectCreateView(SubjectViewMixin, TemplateView):
    """Step 1 of the wizard: register the details; the questionnaire comes next."""

    permission_required = "registry.edit"
    template_name = "registry/subject_form.html"
    # A body over the size limit comes back as this form with its values and a message.
    oversized_form = True

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or self.form_class(actor=self.actor),
            step=1,
            creating=True,
            action=reverse(f"{self.prefix}_create"),
            cancel_url=reverse(f"{self.prefix}_list"),
        )
        return context

    def post(self, request):
        form = self.form_class(request.POST, actor=self.actor)
        if refuse_oversized(request, form):
            return self.render_to_response(self.get_context_data(form=form), status=413)
        if request.POST.get("action") == SEARCH_ACTION:
            form.show_without_errors()  # the base-model search without JavaScript
            return self.render_to_response(self.get_context_data(form=form))
        if form.is_valid():
            try:
                subject = subject_create(
                    model_class=self.model, fields=form.service_fields(), actor=self.actor
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                # Saved, not registered: registering is a filing with an authority, and a
                # system has no classification until its questions are answered.
                messages.success(request, f"“{subject.name}” is saved as a draft. {self.next_step}")
                return redirect(f"{self.prefix}_questionnaire", subject.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ModelCreateView(ModelViewMixin, SubjectCreateView):
    pass


class SubjectEditView(SubjectViewMixin, TemplateView):
    """Change the details; a substantial modification starts a new version."""

    permission_required = "registry.edit"
    template_name = "registry/subject_form.html"
    oversized_form = True

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = kwargs.get("subject") or self.get_subject()
        context.update(
            subject=subject,
            form=form
            or self.edit_form_class(
                actor=self.actor, subject=subject, initial=self.form_class.initial_from(subject)
            ),
            creating=False,
            action=reverse(f"{self.prefix}_edit", args=[subject.pk]),
            cancel_url=reverse(f"{self.prefix}_detail", args=[subject.pk]),
        )
        return context

    def post(self, request, pk):
        subject = self.get_subject()
        form = self.edit_form_class(request.POST, actor=self.actor, subject=subject)
        if refuse_oversized(request, form):
            context = self.get_context_data(form=form, subject=subject)
            return self.render_to_response(context, status=413)
        if request.POST.get("action") == SEARCH_ACTION:
            form.show_without_errors()
            return self.render_to_response(self.get_context_data(form=form, subject=subject))
        if form.is_valid():
            try:
                updated = subject_update(
                    subject=subject,
                    fields=form.service_fields(),
                    substantial_modification=form.cleaned_data["substantial_modification"],
                    reason=form.cleaned_data["modification_reason"],
                    actor=self.actor,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if updated.version_number != subject.version_number:
                    messages.success(
                        request,
                        f"Version {updated.version_number} started; version "
                        f"{subject.version_number} stays as it was.",
                    )
                else:
                    messages.success(request, "Your changes are saved.")
                return redirect(f"{self.prefix}_detail", subject.pk)
        return self.render_to_response(self.get_context_data(form=form, subject=subject))


class ModelEditView(ModelViewMixin, SubjectEditView):
    pass


# --- Step 2: the questionnaire


def settle(kind: str, answers: dict) -> tuple[dict, list[str]]:
    """The answers to questions still relevant, and those questions.

    Dropping an answer can make another question irrelevant (no Annex III point, so no
    Art. 6(3) condition), so this repeats until nothing more is dropped.
    """
    while True:
        relevant = relevant_questions({**answers, "subject": kind})
        kept = {name: value for name, value in answers.items() if name in relevant}
        if kept == answers:
            return kept, relevant
        answers = kept


class QuestionnaireView(SubjectViewMixin, TemplateView):
    """Step 2: the questions that matter for the answers so far.

    Without JavaScript, "Update questions" re-renders the form for the posted answers and
    stores nothing; "Save and see the result" stores them through the service.
    """

    permission_required = "registry.edit"
    template_name = "registry/questionnaire.html"

    def preview(self, subject, answers: dict) -> dict | None:
        """Classify answers that are not stored (the service's own rule for the profile)."""
        try:
            return subject_preview(subject, answers)
        except ValidationError:
            return None

    def render_form(self, subject, form, classification, *, saved: bool = False):
        context = self.get_context_data(
            subject=subject,
            form=form,
            panel=panel(classification),
            # Shown as stored, a subject never classified has no result to show yet.
            unclassified=tier_badge(None) if saved and not subject.is_classified else None,
            saved=saved,
            urls=self.urls(subject),
            step=2,
        )
        return self.render_to_response(context)

    def get(self, request, pk):
        subject = self.get_subject()
        answers = {k: v for k, v in subject.profile.items() if k != "subject"}
        form = QuestionnaireForm(initial=QuestionnaireForm.initial_from(answers))
        form.keep(relevant_questions({**answers, "subject": self.kind}))
        stored = subject.classification if subject.is_classified else None
        return self.render_form(subject, form, stored, saved=True)

    def read(self):
        """The posted form (every question) and the answers that still matter."""
        form = QuestionnaireForm(self.request.POST)
        valid = form.is_valid()
        answers, relevant = settle(self.kind, form.answers())
        if valid:
            # Shown afresh: newly relevant questions start at their default answer.
            shown = QuestionnaireForm(initial=QuestionnaireForm.initial_from(answers))
            shown.keep(relevant)
        else:
            shown = form
            form.keep(relevant)
        return form, shown, answers, valid

    def post(self, request, pk):
        subject = self.get_subject()
        form, shown, answers, valid = self.read()
        if valid and request.POST.get("action") == "save":
            try:
                subject_update(subject=subject, fields={}, profile=answers, actor=self.actor)
            except ValidationError as exc:
                add_service_errors(form, exc, rename=QuestionnaireForm.service_error_names())
                shown = form
            else:
                messages.success(request, "Your answers are saved and the result is below.")
                return redirect(f"{self.prefix}_detail", subject.pk)
        return self.render_form(subject, shown, self.preview(subject, answers))


class QuestionnairePreviewView(QuestionnaireView):
    """htmx: the questions and the live result for the answers so far; stores nothing."""

    template_name = "registry/_questionnaire_live.html"
    http_method_names = ["post"]

    def post(self, request, pk):
        subject = self.get_subject()
        _, shown, answers, _ = self.read()
        return self.render_form(subject, shown, self.preview(subject, answers))


class ModelQuestionnaireView(ModelViewMixin, QuestionnaireView):
    pass


class ModelQuestionnairePreviewView(ModelViewMixin, QuestionnairePreviewView):
    pass


# --- Step 3: the result and the record


class SystemDetailView(SubjectViewMixin, TemplateView):
    """An AI system: its classification explained, obligations, details and versions."""

    permission_required = "registry.view"
    template_name = "registry/system_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        system = self.get_subject(AISystem.objects.select_related("gpai_model"))
        data = {name: getattr(system, name) for name in SystemForm.SERVICE_FIELDS}
        data["authorised_representative"] = system.authorised_representative
        context.update(
            subject=system,
            result=describe(system.classification) if system.is_classified else None,
            details=detail_rows(SystemForm, data),
            answers=answer_rows(system.profile),
            versions=self.version_rows(system),
            history=self.history(system),
            urls=self.urls(system),
            can_edit=self.actor.can("registry.edit"),
        )
        return context


class ModelDetailView(ModelViewMixin, SubjectViewMixin, TemplateView):
    """A GPAI model: EU, US and CN results, the compute check, details and versions."""

    permission_required = "registry.view"
    template_name = "registry/model_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.get_subject()
        data = {name: getattr(model, name) for name in GPAIModelForm.SERVICE_FIELDS}
        data["authorised_representative"] = model.authorised_representative
        context.update(
            subject=model,
            result=describe(model.classification),
            compute=compute_check(
                parameters=model.parameters,
                training_tokens=model.training_tokens,
                declared_flop=model.training_compute_flop,
            ),
            details=detail_rows(GPAIModelForm, data),
            answers=answer_rows(model.profile),
            versions=self.version_rows(model),
            history=self.history(model),
            systems=model.systems.visible_to(self.actor).only("id", "name", "version"),
            urls=self.urls(model),
            can_edit=self.actor.can("registry.edit"),
            imported_from=imported_from(model),
        )
        return context


class VersionView(SubjectViewMixin, TemplateView):
    """One version as it was recorded, read-only."""

    permission_required = "registry.view"
    template_name = "registry/version_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = self.get_subject()
        version = get_visible_or_404(
            self.versions(subject), self.actor, number=self.kwargs["number"]
        )
        data = dict(version.data)
        if data.get("gpai_model"):
            # The stored id, shown by name only when the model is still visible.
            model = GPAIModel.objects.visible_to(self.actor).filter(pk=data["gpai_model"]).first()
            data["gpai_model"] = model or "A model that is no longer available"
        context.update(
            subject=subject,
            version=version,
            is_current=version.number == subject.version_number,
            result=describe(version.classification) if version.classification else None,
            details=detail_rows(self.form_class, data),
            answers=answer_rows(data.get("profile") or {}),
            urls=self.urls(subject),
        )
        return context


class ModelVersionView(ModelViewMixin, VersionView):
    pass
