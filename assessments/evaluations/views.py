"""Browser pages of evaluations: the list (the provider's, the evaluator's, or all for
the AI Office), the detail with the Inspect log's metrics, the evaluator's submit form
and the log download. Reads go through `visible_to(actor)`; the write is a service call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from aigov.stored_files import attachment
from aigov.web import ActorRequiredMixin, add_service_errors, get_visible_or_404, paginate
from assessments.evaluations.forms import EvaluationForm
from assessments.evaluations.models import Domain, Evaluation, Framework
from assessments.evaluations.selectors import (
    evaluation_log_file,
    evaluations_for,
    metric_rows,
    with_joins,
)
from assessments.evaluations.services import art55_requirements, can_submit, evaluation_submit
from assessments.evaluations.templatetags.evaluations import sees_evaluations
from registry.models import GPAIModel


class EvaluationListView(ActorRequiredMixin, TemplateView):
    """Evaluations the viewer may see, newest first; `?gpai_model=` and `?domain=`."""

    permission_required = "evaluations.view"
    template_name = "assessments/evaluations/evaluation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = evaluations_for(self.actor)
        domain = self.request.GET.get("domain", "")
        if domain in Domain.values:
            queryset = queryset.filter(domain=domain)
        model = None
        model_id = self.request.GET.get("gpai_model", "")
        if model_id:
            try:
                queryset = queryset.filter(gpai_model_id=model_id)
            except ValidationError:
                raise Http404("No such model.") from None
            model = GPAIModel.objects.visible_to(self.actor).filter(pk=model_id).first()
        page = paginate(self.request, queryset)
        context.update(
            page=page,
            rows=page.object_list,
            domain=domain,
            domains=dict(Domain.choices),
            model=model,
            model_id=model_id,
            sees=sees_evaluations(self.actor),
            can_submit=can_submit(self.actor),
        )
        return context


class EvaluationDetailView(ActorRequiredMixin, TemplateView):
    """One evaluation: its facts, the Inspect log's metrics and counts, what it supersedes
    or is superseded by, and the Art. 55 requirements it supports."""

    permission_required = "evaluations.view"
    template_name = "assessments/evaluations/evaluation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = get_visible_or_404(
            with_joins(Evaluation.objects.all()), self.actor, pk=self.kwargs["pk"]
        )
        later = Evaluation.objects.visible_to(self.actor).filter(supersedes=evaluation).first()
        requirements = {r.code: r for r in art55_requirements()}
        context.update(
            evaluation=evaluation,
            facts=evaluation.log_facts or {},
            metrics=metric_rows(evaluation),
            superseded_by=later,
            requirements=[
                requirements.get(code) or {"code": code, "title": "", "basis": code}
                for code in evaluation.requirements
            ],
            can_correct=can_submit(self.actor)
            and evaluation.evaluator_id == self.actor.organization.pk
            and later is None,
        )
        return context


class EvaluationNewView(ActorRequiredMixin, TemplateView):
    """The evaluator posts an evaluation, optionally with its Inspect log."""

    permission_required = "evaluations.submit"
    template_name = "assessments/evaluations/evaluation_new.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.actor and not can_submit(request.actor):
            raise PermissionDenied("Only an evaluation institute's assessors post evaluations.")
        return super().dispatch(request, *args, **kwargs)

    def _supersedes(self):
        pk = self.request.GET.get("supersedes") or self.request.POST.get("supersedes")
        if not pk:
            return None
        return get_visible_or_404(Evaluation, self.actor, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supersedes = self._supersedes()
        if "form" not in context:
            initial = {}
            if supersedes is not None:
                initial = {
                    "gpai_model": supersedes.gpai_model_id,
                    "domain": supersedes.domain,
                    "mitigation": supersedes.mitigation,
                    "framework": supersedes.framework,
                    "framework_name": supersedes.framework_name,
                    "result": supersedes.result,
                    "summary": supersedes.summary,
                    "requirements": supersedes.requirements,
                    **(
                        {"other_level": supersedes.level}
                        if supersedes.framework == Framework.OTHER
                        else {"level": supersedes.level}
                    ),
                }
            elif self.request.GET.get("gpai_model"):
                initial = {"gpai_model": self.request.GET["gpai_model"]}
            context["form"] = EvaluationForm(initial=initial)
        context["supersedes"] = supersedes
        return context

    def post(self, request):
        form = EvaluationForm(request.POST, request.FILES)
        supersedes = self._supersedes()
        if form.is_valid():
            data = form.cleaned_data
            model = GPAIModel.objects.filter(pk=data["gpai_model"]).first()
            framework = data["framework"] or Framework.NONE
            other = framework == Framework.OTHER
            if model is None:
                form.add_error("gpai_model", "No GPAI model has this ID.")
            else:
                try:
                    evaluation = evaluation_submit(
                        actor=self.actor,
                        gpai_model=model,
                        domain=data["domain"],
                        mitigation=data["mitigation"],
                        framework=framework,
                        framework_name=data["framework_name"],
                        level=data["other_level"] if other else data["level"],
                        result=data["result"],
                        summary=data["summary"],
                        requirements=data["requirements"],
                        supersedes=supersedes,
                        log=data["log"],
                    )
                except ValidationError as exc:  # EvidenceTooLarge is one too
                    level_field = "other_level" if other else "level"
                    add_service_errors(form, exc, {"level": level_field})
                else:
                    messages.success(request, "The evaluation is posted.")
                    return redirect("evaluation_detail", pk=evaluation.pk)
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=400)


class EvaluationLogView(ActorRequiredMixin, View):
    """The Inspect log as an attachment, after the access check."""

    permission_required = "evaluations.view"

    def get(self, request, pk):
        evaluation = get_visible_or_404(Evaluation, self.actor, pk=pk)
        if not evaluation.has_log:
            raise Http404("This evaluation has no Inspect log.")
        return attachment(evaluation_log_file(evaluation))
