"""What re-classifies GPAI models from outside the wizard, in the browser: the AI Office's
designation of a model with systemic risk (Art. 52(4)), from its review page of the model's
filing, and the operator's annual revenue (California SB 53)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from aigov.web import ActorRequiredMixin, add_service_errors
from registry.forms.subjects import DesignateForm, RevenueForm
from registry.services import model_designate, organization_revenue_update
from registry.services.subjects import AI_OFFICE

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
        from registry.views.filing_page import get_filing, render_filing_page

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
