"""Browser pages of the requirement catalogues: every catalogue, one catalogue with the
law's words, and the checklist of one AI system or GPAI model (the requirements its
current classification brings in)."""

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from aigov.web import ActorRequiredMixin, get_visible_or_404
from assessments.catalogues.catalogue import (
    CHECKS,
    REGIMES,
    catalogue_get,
    catalogues,
    requirements_for,
)
from registry.models import AISystem, GPAIModel
from registry.views.subject_results import describe


def _counts(requirements) -> dict[str, int]:
    """How many requirements are checked each way, in the order of CHECKS."""
    return {
        check: count
        for check in CHECKS
        if (count := sum(1 for r in requirements if r.check == check))
    }


class CatalogueListView(ActorRequiredMixin, TemplateView):
    """Every catalogue, by regime, with how its requirements are checked."""

    permission_required = "catalogues.view"
    template_name = "assessments/catalogues/catalogue_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regimes"] = [
            {
                "code": regime,
                "label": label,
                "catalogues": [
                    {"catalogue": c, "counts": _counts(c.requirements)}
                    for c in catalogues()
                    if c.regime == regime
                ],
            }
            for regime, label in REGIMES.items()
        ]
        context["checks"] = CHECKS
        return context


class CatalogueDetailView(ActorRequiredMixin, TemplateView):
    """One catalogue: each requirement with its basis, how it is checked and its text."""

    permission_required = "catalogues.view"
    template_name = "assessments/catalogues/catalogue_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            catalogue = catalogue_get(self.kwargs["code"])
        except KeyError:
            raise Http404("No such requirement catalogue.") from None
        check = self.request.GET.get("check") or ""
        requirements = [r for r in catalogue.requirements if check in ("", r.check)]
        context.update(
            catalogue=catalogue,
            regime_label=REGIMES[catalogue.regime],
            requirements=requirements,
            checks=CHECKS,
            check=check if check in CHECKS else "",
            counts=_counts(catalogue.requirements),
        )
        return context


class SubjectChecklistView(ActorRequiredMixin, TemplateView):
    """The requirements checklist of one subject: what its current classification brings
    in, grouped by catalogue."""

    permission_required = "registry.view"
    template_name = "assessments/catalogues/subject_checklist.html"
    model: type[AISystem] | type[GPAIModel] = AISystem
    detail_url = "system_detail"
    kind = "AI system"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = get_visible_or_404(self.model, self.actor, pk=self.kwargs["pk"])
        classification = subject.classification or {}
        applying = requirements_for(classification)
        groups = [
            {
                "catalogue": catalogue,
                "requirements": [r for r in applying if r.catalogue == catalogue.code],
            }
            for catalogue in catalogues()
        ]
        context.update(
            subject=subject,
            kind=self.kind,
            subject_url=reverse(self.detail_url, args=[subject.pk]),
            classification=classification,
            result=describe(classification) if classification else None,
            groups=[group for group in groups if group["requirements"]],
            counts=_counts(applying),
            total=len(applying),
            regime_labels=REGIMES,
        )
        return context


class ModelChecklistView(SubjectChecklistView):
    model = GPAIModel
    detail_url = "model_detail"
    kind = "GPAI model"
