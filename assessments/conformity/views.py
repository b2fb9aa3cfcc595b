"""Browser pages of conformity assessments: the list (the provider's requests, the
assessor's work queue, what an authority may read), requesting one, and the assessment
page where each party does what the workflow allows it now.

Reads go through `visible_to(actor)`; every write is a service call; which actions a
page offers is asked of `ASSESSMENT_WORKFLOW`, as the services ask it.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView, View

from aigov.exceptions import StateConflict
from aigov.stored_files import attachment
from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404, paginate
from aigov.workflow import TransitionConflict
from assessments.catalogues.catalogue import get as requirement_get
from assessments.conformity.evidence import LABELS as CONTENT_LABELS
from assessments.conformity.forms import (
    AnswerForm,
    EvidenceForm,
    FindingForm,
    MetricForm,
    RequestForm,
    ReturnForm,
    VerbForm,
)
from assessments.conformity.models import (
    NONCONFORMITIES,
    THIRD_PARTY_PROCEDURES,
    AssessmentStatus,
    AssessmentVerb,
    ChecklistRun,
    ConformityAssessment,
    Evidence,
    Finding,
    FindingStatus,
    Procedure,
)
from assessments.conformity.selectors import evidence_file
from assessments.conformity.services import (
    ASSESSMENT_WORKFLOW,
    EVIDENCE_OPEN,
    RUNNABLE,
    assessment_request,
    assessment_transition,
    checklist_run_start,
    evidence_record_metric,
    evidence_upload,
    finding_answer,
    finding_close,
    finding_create,
    finding_release,
    finding_return,
    procedures_for,
)
from registry.views.subjects import subject_named_in

STATUS_LABELS = dict(AssessmentStatus.choices)
PROCEDURE_LABELS = dict(Procedure.choices)
VERB_LABELS = dict(AssessmentVerb.choices)
# Verbs that end or refuse something: styled apart from the approving ones.
DANGEROUS = {AssessmentVerb.DECLINE}


class AssessmentListView(ActorRequiredMixin, TemplateView):
    """The provider's assessments, the assessor's assignments, or what an authority reads."""

    permission_required = "assessments.view"
    template_name = "assessments/conformity/assessment_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = ConformityAssessment.objects.visible_to(self.actor).select_related(
            "organization", "assessor_organization"
        )
        status = self.request.GET.get("status", "")
        if status in STATUS_LABELS:
            queryset = queryset.filter(status=status)
        procedure = self.request.GET.get("procedure", "")
        if procedure in PROCEDURE_LABELS:
            queryset = queryset.filter(procedure=procedure)
        page = paginate(self.request, queryset.order_by("-requested_at", "-id"))
        context.update(
            page=page,
            rows=page.object_list,
            statuses=STATUS_LABELS,
            status=status,
            status_labels=STATUS_LABELS,
            procedures=PROCEDURE_LABELS,
            procedure=procedure,
            title={
                "assessor": "Assignments",
                "authority": "Conformity assessments of filed systems",
            }.get(self.actor.kind, "Conformity assessments"),
        )
        return context


class AssessmentNewView(ActorRequiredMixin, TemplateView):
    """Request an assessment of a system or model, under a procedure its classification
    calls for."""

    permission_required = "assessments.request"
    template_name = "assessments/conformity/assessment_new.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        key, subject = subject_named_in(self.actor, params, ("ai_system", "gpai_model"))
        procedures = procedures_for(subject.classification or {}, key == "ai_system")
        context.update(
            subject=subject,
            subject_key=key,
            subject_url=reverse(
                "system_detail" if key == "ai_system" else "model_detail", args=[subject.pk]
            ),
            procedures=procedures,
            form=form or RequestForm(procedures=procedures),
        )
        return context

    def post(self, request):
        context = self.get_context_data()
        form = RequestForm(request.POST, procedures=context["procedures"])
        if form.is_valid():
            try:
                assessment = assessment_request(
                    actor=self.actor,
                    subject=context["subject"],
                    procedure=form.cleaned_data["procedure"],
                    assessor_organization=form.cleaned_data["assessor_organization"]
                    if form.cleaned_data["procedure"] in THIRD_PARTY_PROCEDURES
                    else None,
                    not_lodged_elsewhere=form.cleaned_data["not_lodged_elsewhere"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _requested_message(assessment))
                return redirect("assessment_detail", pk=assessment.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _requested_message(assessment) -> str:
    if assessment.assessor_organization_id:
        return f"Requested from {assessment.assessor_organization.name}; it will accept or decline."
    return "The assessment is open: record a finding for each requirement, then decide."


class AssessmentDetailView(ActorRequiredMixin, TemplateView):
    """One assessment: where it stands, what the actor may do now, each requirement in
    scope with its findings, and the timeline."""

    permission_required = "assessments.view"
    template_name = "assessments/conformity/assessment_detail.html"

    def get_context_data(
        self,
        verb_forms=None,
        finding_form=None,
        answer_forms=None,
        evidence_form=None,
        metric_form=None,
        return_forms=None,
        **kwargs,
    ):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        assessment = get_visible_or_404(
            ConformityAssessment.objects.select_related("organization", "assessor_organization"),
            actor,
            pk=self.kwargs["pk"],
        )
        verb_forms = verb_forms or {}
        answer_forms = answer_forms or {}
        actions = [
            {
                "verb": verb,
                "label": VERB_LABELS[verb],
                "form": verb_forms.get(verb) or VerbForm(prefix=verb),
                "needs_reason": ASSESSMENT_WORKFLOW[verb].needs_reason,
                "decides": verb == AssessmentVerb.DECIDE,
                "danger": verb in DANGEROUS,
            }
            for verb in ASSESSMENT_WORKFLOW.available(actor, assessment)
        ]
        # Unreleased findings are the assessor organisation's alone (the model's rule).
        findings = list(
            Finding.objects.visible_to(actor)
            .filter(assessment=assessment)
            .select_related("author_organization", "author")
        )
        return_forms = return_forms or {}
        reviewing = (
            actor.can("assessments.review")
            and assessment.assessor_organization_id == actor.organization.pk
        )
        proposed = [
            {
                "finding": finding,
                "return_form": (return_forms.get(finding.pk) or ReturnForm(prefix=str(finding.pk)))
                if reviewing
                else None,
            }
            for finding in findings
            if finding.status == FindingStatus.PROPOSED
        ]
        assessing = (
            actor.can("assessments.assess")
            and actor.kind != "authority"
            and (assessment.assessor_organization_id or assessment.organization_id)
            == actor.organization.pk
        )
        providing = actor.organization.pk == assessment.organization_id and actor.can(
            "assessments.request"
        )
        evidence = list(
            Evidence.objects.visible_to(actor)
            .filter(assessment=assessment)
            .select_related("checklist_run")
            .order_by("title", "requirement", "-version")
        )
        requirements = []
        for code in assessment.requirements:
            requirement = requirement_get(code)
            rows = []
            for finding in (f for f in findings if f.requirement == code):
                rows.append(
                    {
                        "finding": finding,
                        "answer_form": answer_forms.get(finding.pk)
                        or AnswerForm(prefix=str(finding.pk))
                        if providing
                        and finding.status in (FindingStatus.OPEN, FindingStatus.ANSWERED)
                        and finding.outcome in NONCONFORMITIES
                        else None,
                        "can_close": assessing and finding.status == FindingStatus.ANSWERED,
                    }
                )
            filed = [e for e in evidence if e.requirement == code]
            # The newest version of each title filed under this requirement.
            latest = [e for i, e in enumerate(filed) if i == 0 or filed[i - 1].title != e.title]
            requirements.append({"requirement": requirement, "findings": rows, "evidence": latest})
        recording = assessing and assessment.status in (
            AssessmentStatus.IN_PROGRESS,
            AssessmentStatus.INFORMATION_REQUESTED,
        )
        choices = [
            (r["requirement"].code, f"{r['requirement'].code} · {r['requirement'].title}")
            for r in requirements
        ]
        runs = list(
            ChecklistRun.objects.visible_to(actor)
            .filter(assessment=assessment)
            .select_related("job")
            .prefetch_related("results")[:6]
        )
        adding_evidence = providing and assessment.status in EVIDENCE_OPEN
        subject = assessment.subject
        context.update(
            latest_run=runs[0] if runs else None,
            earlier_runs=runs[1:],
            can_run_checklist=(assessing or providing) and assessment.status in RUNNABLE,
            assessment=assessment,
            status_label=STATUS_LABELS[assessment.status],
            subject_url=reverse(
                "system_detail" if assessment.ai_system_id else "model_detail", args=[subject.pk]
            )
            if actor.organization.pk == assessment.organization_id
            else None,
            actions=actions,
            proposed_findings=proposed,
            reviewing=reviewing,
            requirements=requirements,
            finding_form=(finding_form or FindingForm(requirements=choices)) if recording else None,
            events=assessment.events.select_related("actor_organization"),
            evidence=[
                {"item": item, "type": CONTENT_LABELS.get(item.content_type, item.content_type)}
                for item in evidence
            ],
            evidence_form=(
                evidence_form
                or EvidenceForm(requirements=choices, max_bytes=settings.EVIDENCE_MAX_BYTES)
            )
            if adding_evidence
            else None,
            metric_form=(metric_form or MetricForm(requirements=choices))
            if adding_evidence
            else None,
            verb_labels=VERB_LABELS,
            status_labels=STATUS_LABELS,
        )
        return context


class EvidenceSizeLimit(FileUploadHandler):
    """Stops taking an uploaded file past EVIDENCE_MAX_BYTES: the rest of it is read and
    dropped, never written to a temporary file, and the view says the file is too large."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            self.request.evidence_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


# The CSRF check reads the body; the size limit must be in place before it does, so the
# check is made here, after the handler is added.
@method_decorator(csrf_exempt, name="dispatch")
class AssessmentActionView(ActorRequiredMixin, View):
    """POST targets of the assessment page: a workflow verb, a new finding, an answer to a
    finding, or closing one. Errors re-render the page with the message by the form."""

    permission_required = "assessments.view"

    def dispatch(self, request, *args, **kwargs):
        request.upload_handlers.insert(0, EvidenceSizeLimit(request))
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def post(self, request, pk, what):
        detail = AssessmentDetailView(request=request, kwargs={"pk": pk})
        detail.setup(request, pk=pk)
        assessment = get_visible_or_404(ConformityAssessment, self.actor, pk=pk)
        try:
            if what == "transition":
                return self._transition(request, detail, assessment)
            if what == "finding":
                return self._finding(request, detail, assessment)
            if what == "evidence":
                return self._evidence(request, detail, assessment)
            if what == "metric":
                return self._metric(request, detail, assessment)
            if what == "checklist":
                checklist_run_start(actor=self.actor, assessment=assessment)
                messages.success(request, "The automated checks are running.")
                return redirect(reverse("assessment_detail", args=[pk]) + "#checklist-title")
        except StateConflict as exc:
            # A workflow conflict, or a decision while findings await the lead's review.
            messages.error(request, str(exc))
            return redirect("assessment_detail", pk=pk)
        raise Http404("No such action.")

    def _transition(self, request, detail, assessment):
        verb = request.POST.get("verb", "")
        if verb not in VERB_LABELS:
            raise Http404("No such action.")
        form = VerbForm(request.POST, prefix=verb)
        if form.is_valid():
            try:
                assessment_transition(
                    actor=self.actor,
                    assessment=assessment,
                    verb=verb,
                    reason=form.cleaned_data["reason"],
                    decision=form.cleaned_data["decision"],
                    conditions=form.cleaned_data["conditions"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                assessment.refresh_from_db()
                now_status = STATUS_LABELS[assessment.status]
                messages.success(
                    request, f"{VERB_LABELS[verb]}: the assessment is now “{now_status}”."
                )
                return redirect("assessment_detail", pk=assessment.pk)
        context = detail.get_context_data(verb_forms={verb: form})
        return detail.render_to_response(context, status=400)

    def _finding(self, request, detail, assessment):
        choices = [(code, code) for code in assessment.requirements]
        form = FindingForm(request.POST, requirements=choices)
        if form.is_valid():
            try:
                finding = finding_create(
                    actor=self.actor, assessment=assessment, evidence=[], **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if finding.released:
                    messages.success(request, "The finding is recorded.")
                else:
                    messages.success(
                        request,
                        "The finding is proposed: a lead assessor reviews it before the "
                        "provider sees it.",
                    )
                return redirect("assessment_detail", pk=assessment.pk)
        context = detail.get_context_data(finding_form=form)
        return detail.render_to_response(context, status=400)

    def _evidence(self, request, detail, assessment):
        choices = [(code, code) for code in assessment.requirements]
        form = EvidenceForm(request.POST, request.FILES, requirements=choices)
        if getattr(request, "evidence_too_large", False):
            form.is_valid()
            form.errors.pop("file", None)
            limit = settings.EVIDENCE_MAX_BYTES
            form.add_error("file", f"The file is over the limit of {limit:,} bytes.")
        elif form.is_valid():
            try:
                evidence = evidence_upload(
                    actor=self.actor,
                    assessment=assessment,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    requirement=form.cleaned_data["requirement"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                level = messages.SUCCESS if evidence.downloadable else messages.WARNING
                messages.add_message(request, level, _evidence_message(evidence))
                return redirect(reverse("assessment_detail", args=[assessment.pk]) + "#evidence")
        context = detail.get_context_data(evidence_form=form)
        return detail.render_to_response(context, status=400)

    def _metric(self, request, detail, assessment):
        choices = [(code, code) for code in assessment.requirements]
        form = MetricForm(request.POST, requirements=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence = evidence_record_metric(
                    actor=self.actor,
                    assessment=assessment,
                    metric={key: data[key] for key in ("name", "questions", "refused", "rate")},
                    title=data["title"],
                    requirement=data["requirement"],
                )
            except ValidationError as exc:
                rename = {f"metric.{key}": key for key in ("name", "questions", "refused", "rate")}
                add_service_errors(form, exc, rename=rename)
            else:
                messages.success(request, _evidence_message(evidence))
                return redirect(reverse("assessment_detail", args=[assessment.pk]) + "#evidence")
        context = detail.get_context_data(metric_form=form)
        return detail.render_to_response(context, status=400)


def _evidence_message(evidence) -> str:
    if not evidence.downloadable:
        return f"“{evidence.title}” (version {evidence.version}) is quarantined: {evidence.reason}"
    started = " A new checklist run has started." if evidence.checklist_run_id else ""
    return f"“{evidence.title}” is accepted as version {evidence.version}.{started}"


class EvidenceDownloadView(ActorRequiredMixin, View):
    """Accepted evidence as an attachment, after the access check; quarantined evidence
    is not served (the page explains why)."""

    permission_required = "assessments.view"

    def get(self, request, pk):
        evidence = get_visible_or_404(Evidence, self.actor, pk=pk)
        try:
            return attachment(evidence_file(evidence))
        except StateConflict as exc:
            messages.error(request, str(exc))
            return redirect(
                reverse("assessment_detail", args=[evidence.assessment_id]) + "#evidence"
            )


class ChecklistRunProgressView(ActorRequiredMixin, TemplateView):
    """The latest run's progress and results, polled by htmx while it runs; answers 286
    (htmx: stop polling) once the run has finished."""

    permission_required = "assessments.view"
    template_name = "assessments/conformity/_checklist_run.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = get_visible_or_404(
            ChecklistRun.objects.select_related("job").prefetch_related("results"),
            self.actor,
            pk=self.kwargs["pk"],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["run"].job is None or context["run"].job.is_finished:
            response.status_code = 286
        return response


class FindingActionView(ActorRequiredMixin, View):
    """The provider answers a nonconformity; the assessor closes it; a lead assessor
    releases or returns a proposed finding."""

    permission_required = "assessments.view"

    def post(self, request, pk, what):
        finding = get_visible_or_404(Finding, self.actor, pk=pk)
        back = redirect("assessment_detail", pk=finding.assessment_id)
        try:
            if what == "answer":
                form = AnswerForm(request.POST, prefix=str(finding.pk))
                if not form.is_valid():
                    detail = AssessmentDetailView(
                        request=request, kwargs={"pk": finding.assessment_id}
                    )
                    detail.setup(request, pk=finding.assessment_id)
                    context = detail.get_context_data(answer_forms={finding.pk: form})
                    return detail.render_to_response(context, status=400)
                finding_answer(
                    actor=self.actor, finding=finding, response=form.cleaned_data["response"]
                )
                messages.success(request, "Your answer is sent to the assessor.")
            elif what == "close":
                finding_close(actor=self.actor, finding=finding)
                messages.success(request, "The finding is closed.")
            elif what == "release":
                finding_release(actor=self.actor, finding=finding)
                messages.success(request, "The finding is released to the provider.")
            elif what == "return":
                form = ReturnForm(request.POST, prefix=str(finding.pk))
                returned = False
                if form.is_valid():
                    try:
                        finding_return(
                            actor=self.actor, finding=finding, reason=form.cleaned_data["reason"]
                        )
                        returned = True
                    except ValidationError as exc:
                        add_service_errors(form, exc)
                if not returned:
                    detail = AssessmentDetailView(
                        request=request, kwargs={"pk": finding.assessment_id}
                    )
                    detail.setup(request, pk=finding.assessment_id)
                    context = detail.get_context_data(return_forms={finding.pk: form})
                    return detail.render_to_response(context, status=400)
                messages.success(request, "The finding is returned to the assessor.")
            else:
                raise Http404("No such action.")
        except TransitionConflict as exc:
            messages.error(request, str(exc))
        return back
