"""Template helpers other pages use to show evaluations without importing the app:
the nav and dashboard ask `sees_evaluations`, the GPAI model page includes
`{% model_evaluations subject %}`."""

from django import template

from aigov.accounts.models import AssessorType, OrganizationKind
from assessments.evaluations.models import AI_OFFICE
from assessments.evaluations.selectors import evaluations_for
from assessments.evaluations.services import can_submit

register = template.Library()


@register.filter
def sees_evaluations(actor) -> bool:
    """Whether evaluations concern `actor`: a provider, an evaluation institute, or the AI
    Office (no other organisation sees any)."""
    if actor is None or not actor.can("evaluations.view"):
        return False
    organization = actor.organization
    if actor.kind == OrganizationKind.OPERATOR:
        return True
    if actor.kind == OrganizationKind.ASSESSOR:
        return organization.assessor_type == AssessorType.EVALUATOR
    return organization.authority_code == AI_OFFICE


@register.filter
def submits_evaluations(actor) -> bool:
    return actor is not None and can_submit(actor)


@register.inclusion_tag("assessments/evaluations/_model_panel.html", takes_context=True)
def model_evaluations(context, gpai_model):
    """The panel of a GPAI model's page: the evaluations of it the viewer may see."""
    actor = context.get("actor")
    rows = (
        list(evaluations_for(actor).filter(gpai_model=gpai_model)[:50])
        if sees_evaluations(actor)
        else None
    )
    return {"actor": actor, "gpai_model": gpai_model, "rows": rows}
