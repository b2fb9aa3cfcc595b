"""Browser views of the registry: lists of AI systems and GPAI models, the guided
create/edit wizard with its classification questionnaire, result pages, versions and the
CSV import of models.

Each view checks access (`aigov.web.ActorRequiredMixin`), reads only through
`visible_to(actor)` / `get_visible_or_404`, calls `registry.services` for every write and
renders. The wizard works without JavaScript; with htmx, the questionnaire posts each
change to a preview endpoint that classifies the answers without storing anything.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from aigov.jobs.models import Job
from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404, paginate
from registry.compute import compute_check
from registry.filters import AISystemFilter, GPAIModelFilter
from registry.forms.subjects import (
    DesignateForm,
    GPAIModelEditForm,
    GPAIModelForm,
    ModelImportForm,
    ModelSearchForm,
    QuestionnaireForm,
    RevenueForm,
    SystemEditForm,
    SystemForm,
    SystemSearchForm,
    choice_label,
)
from registry.legal_text import text_for_basis
from registry.models import AISystem, GPAIModel, SubjectEvent, SubjectKind, SubjectVersion
from registry.presenters import imported_from
from registry.regimes import REGIMES, relevant_questions, us_eo14110
from registry.regimes.eu_ai_act_panel import tier_badge
from registry.services import (
    model_designate,
    models_import_confirm,
    models_import_discard,
    models_import_start,
    organization_revenue_update,
    subject_create,
    subject_preview,
    subject_update,
)
from registry.services.imports import PREVIEW_KIND
from registry.services.subjects import AI_OFFICE

# --- How results are put into words

# The regime whose result is the result page's main card (the EU tier); every other
# registered regime has a panel below it, from its module's `PANEL_TEMPLATE`, or the
# generic one.
MAIN_REGIME = "eu"
GENERIC_PANEL = "registry/_regime_panel.html"
# Conclusions any regime may reach; each regime names its own in `CONCLUSIONS`.
SHARED_CONCLUSIONS = {"not_assessed": "Not assessed", "not_applicable": "Not applicable"}
NOT_GIVEN = "—"


def conclusion_labels() -> dict[str, str]:
    labels = dict(SHARED_CONCLUSIONS)
    for regime in REGIMES.values():
        labels.update(getattr(regime, "CONCLUSIONS", {}))
    return labels


def explain(reason: dict, *, texts: bool = False, overrides: dict | None = None) -> dict:
    """One conclusion in words; with `texts`, the Act's own text of each basis found."""
    labels = {**conclusion_labels(), **(overrides or {})}
    basis = reason.get("basis", [])
    return {
        "label": labels.get(reason["conclusion"], reason["conclusion"]),
        "explanation": reason.get("explanation", ""),
        "basis": basis,
        "texts": [t for b in basis if (t := text_for_basis(b))] if texts else [],
    }


def describe(classification: dict) -> dict:
    """A stored classification, arranged for the result page by each regime's `describe`:
    the main regime's card at the top level, every other regime under its key and in
    `panels` (label, template, data)."""
    result: dict = {"rulebooks": classification.get("rulebooks", {}), "panels": []}
    for key, regime in REGIMES.items():
        described = regime.describe(classification, classification.get(key) or {}, explain)
        if key == MAIN_REGIME:
            result.update(described)
            continue
        result[key] = described
        template = getattr(regime, "PANEL_TEMPLATE", None) or GENERIC_PANEL
        result["panels"].append(
            {"key": key, "label": regime.LABEL, "template": template, "data": described}
        )
    return result


def panel(classification: dict | None) -> dict | None:
    """The live panel's short summary: the main regime's, then a line per other regime."""
    if classification is None:
        return None
    found: dict = {"regimes": []}
    for key, regime in REGIMES.items():
        summary = getattr(regime, "summary", None)
        line = summary(classification, classification.get(key) or {}) if summary else None
        if key == MAIN_REGIME:
            found.update(line or {})
        elif line:
            found["regimes"].append(line)
    return found


def result_summary(classification: dict) -> str:
    """A classification in a few words: the tier of a system, the GPAI status of a model."""
    eu = classification.get("eu") or {}
    if eu.get("gpai"):
        return "Systemic risk (EU)" if eu.get("systemic_risk") else "No systemic risk (EU)"
    return tier_badge(eu.get("tier"))["label"]


def _display(field, value) -> str:
    if value in (None, "") and getattr(field, "choices", None):
        return choice_label(field, "") if any(k == "" for k, _ in field.choices) else NOT_GIVEN
    if value == [] and isinstance(field, forms.MultipleChoiceField):
        return "None"
    if value in (None, "", [], {}):
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(choice_label(field, item) for item in value)
    if getattr(field, "choices", None) and not isinstance(value, GPAIModel):
        return choice_label(field, value)
    if isinstance(field, forms.FloatField):
        value = float(value)  # jsonb hands back 1e24 from a version as an integer
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value >= 1e6:
            return f"{value:.3g}".replace("e+", "e")  # 3.8e25, as FLOP are usually written
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def detail_rows(form_class, data: dict) -> list[dict]:
    """(label, value, link) rows of a subject's details, read from a record or a version."""
    rows = []
    for name in form_class.SERVICE_FIELDS:
        if name not in data:
            continue
        field, value = form_class.base_fields[name], data[name]
        row = {"label": field.label, "value": _display(field, value), "url": None}
        if isinstance(value, GPAIModel):
            row["url"] = reverse("model_detail", args=[value.pk])
        elif name == "url" and value:
            row["url"] = value
        rows.append(row)
    representative = data.get("authorised_representative") or {}
    if representative:
        parts = [representative.get(k, "") for k in ("name", "address", "country", "email")]
        value = ", ".join(p for p in parts if p)
        rows.append({"label": "Authorised representative", "value": value, "url": None})
    return rows


def answer_rows(profile: dict) -> list[dict]:
    """The questionnaire answers that mattered, as (question, answer) rows."""
    fields = QuestionnaireForm.question_fields()
    return [
        {"label": fields[name].label, "value": _display(fields[name], profile.get(name))}
        for name in relevant_questions(profile)
        if name in fields and name in profile
    ]


# --- Shared plumbing


class SubjectViewMixin(ActorRequiredMixin):
    """What the system and model pages share: the model, its kind and its URL names."""

    model: type = AISystem
    kind: str = SubjectKind.AI_SYSTEM
    prefix = "system"
    kind_label = "AI system"
    kind_noun = "an AI system"
    form_class: type = SystemForm
    edit_form_class: type = SystemEditForm

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


# --- Lists


class SystemListView(SubjectViewMixin, TemplateView):
    """The organisation's AI systems with their EU risk tier, searchable and paginated."""

    permission_required = "registry.view"
    template_name = "registry/system_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SystemSearchForm(self.request.GET)
        systems = AISystemFilter(
            form.filter_data(), queryset=AISystem.objects.visible_to(self.actor)
        ).qs.defer("profile", "components_and_functions", "inputs_and_operating_logic")
        page = paginate(self.request, systems)
        context.update(
            form=form,
            page=page,
            rows=[{"system": s, "tier": tier_badge(s.eu_tier)} for s in page.object_list],
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
                    "compute": _display(None, model.training_compute_flop),
                    "parameters": _display(None, model.parameters),
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
        if form.is_valid():
            try:
                subject = subject_create(
                    model_class=self.model,
                    fields=form.service_fields(),
                    profile={},
                    actor=self.actor,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"“{subject.name}” is registered. Answer the questions below to classify it.",
                )
                return redirect(f"{self.prefix}_questionnaire", subject.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ModelCreateView(ModelViewMixin, SubjectCreateView):
    pass


class SubjectEditView(SubjectViewMixin, TemplateView):
    """Change the details; a substantial modification starts a new version."""

    permission_required = "registry.edit"
    template_name = "registry/subject_form.html"

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
        return self.render_form(subject, form, subject.classification, saved=True)

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
            result=describe(system.classification),
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
            result=describe(version.classification),
            details=detail_rows(self.form_class, data),
            answers=answer_rows(data.get("profile") or {}),
            urls=self.urls(subject),
        )
        return context


class ModelVersionView(ModelViewMixin, VersionView):
    pass


# --- Import


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


# --- The AI Office's designation (Art. 52(4)), from its review page of a model's filing


def designation_context(actor, filing, form=None) -> dict:
    """What the filing page shows of the model's designation, and the form to make one."""
    model = filing.gpai_model
    if model is None or actor.kind != "authority":
        return {}
    may_designate = actor.can("filings.review") and actor.organization.authority_code == AI_OFFICE
    eu = model.classification.get("eu") or {}
    return {
        "designation": {
            "model": model,
            "designated_at": model.designated_at,
            "reason": model.designation_reason,
            "candidate": eu.get("designation_candidate", False),
            "systemic_risk": eu.get("systemic_risk", False),
            "form": (form or DesignateForm())
            if may_designate and model.designated_at is None
            else None,
        }
    }


class ModelDesignateView(ActorRequiredMixin, View):
    """The AI Office designates the model of a filing it reviews."""

    http_method_names = ["post"]
    permission_required = "filings.review"

    def post(self, request, pk):
        from registry.views.filings import get_filing, render_filing_page

        filing = get_filing(self.actor, pk)
        if filing.gpai_model is None:
            raise Http404("This filing is not about a GPAI model.")
        form = DesignateForm(request.POST)
        if form.is_valid():
            try:
                model_designate(
                    model=filing.gpai_model, actor=self.actor, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"{filing.gpai_model.name} is designated as having systemic risk."
                )
                return redirect("queue_review", pk=pk)
        return render_filing_page(request, filing, status=422, designate_form=form)


# --- The operator's revenue


class OrganizationRevenueView(ActorRequiredMixin, TemplateView):
    """Record the organisation's annual gross revenue; its GPAI models are re-classified."""

    permission_required = "organization.manage"
    template_name = "registry/organization_revenue.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.actor.organization
        context["form"] = form or RevenueForm(
            initial={"annual_revenue_usd": organization.annual_revenue_usd}
        )
        return context

    def post(self, request):
        form = RevenueForm(request.POST)
        if form.is_valid():
            try:
                organization_revenue_update(
                    actor=self.actor, annual_revenue_usd=form.cleaned_data["annual_revenue_usd"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, "The revenue is saved and your GPAI models are classified again."
                )
                return redirect("dashboard")
        return self.render_to_response(self.get_context_data(form=form))
