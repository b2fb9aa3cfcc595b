"""The registry's audit actions in words, and the pages of the objects it records
(registered with the audit log's presenters when the app is ready)."""

from django.urls import reverse

from aigov.audit.presenters import register_actions, register_object
from registry.models import FILING_TRANSITIONS

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
