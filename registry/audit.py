"""The registry's audit actions in words, and the pages of the objects it records
(registered with the audit log's presenters when the app is ready)."""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse

from aigov.accounts.models import OrganizationKind
from aigov.audit.models import audit_share
from aigov.audit.presenters import register_actions, register_object
from registry.models import FILING_TRANSITIONS, Filing

register_actions(
    {
        "ai_system.created": "Registered an AI system",
        "ai_system.updated": "Changed an AI system",
        "ai_system.modified": "Recorded a substantial modification of an AI system",
        "ai_system.reclassified": "Re-classified an AI system",
        "gpai_model.created": "Registered a GPAI model",
        "gpai_model.updated": "Changed a GPAI model",
        "gpai_model.modified": "Recorded a substantial modification of a GPAI model",
        "gpai_model.reclassified": "Re-classified a GPAI model",
        "gpai_model.designated": "Designated a GPAI model with systemic risk",
        "gpai_model.imported": "Imported GPAI models from a file (one event per import)",
        "gpai_model.import_discarded": "Discarded an uploaded file of GPAI models unimported",
        "organization.revenue_changed": "Changed the organisation's annual revenue",
        "filing.created": "Started a filing",
        "filing.updated": "Changed a filing's values",
        "filing.assign": "Assigned a filing to a reviewer",
        **{f"filing.{verb}": f"{rule.label} (filing)" for verb, rule in FILING_TRANSITIONS.items()},
    }
)
register_object("registry.aisystem", "AI system", lambda pk: reverse("system_detail", args=[pk]))
register_object("registry.gpaimodel", "GPAI model", lambda pk: reverse("model_detail", args=[pk]))
register_object("registry.filing", "Filing", lambda pk: reverse("filing_detail", args=[pk]))


# What a reviewing authority sees of a filing's audit beyond its own events: the
# workflow's moves (submissions, decisions, withdrawals), never the provider's drafting.
SHARED_FILING_ACTIONS = tuple(f"filing.{verb}" for verb in FILING_TRANSITIONS)


def _filings_reviewed(actor) -> Q | None:
    """An authority sees the workflow events of the filings it may see (DESIGN.md §4)."""
    if actor.kind != OrganizationKind.AUTHORITY:
        return None
    reviewed = Filing.objects.visible_to(actor).annotate(key=Cast("pk", CharField())).values("key")
    return Q(
        object_type="registry.filing", action__in=SHARED_FILING_ACTIONS, object_id__in=reviewed
    )


audit_share(_filings_reviewed)
