"""Incident actions in words, and links to their pages, for the audit log."""

from django.urls import reverse

from aigov.audit.presenters import register_actions, register_object
from assessments.incidents.models import INCIDENT_TRANSITIONS

register_actions(
    {
        "incident.created": "Recorded a serious incident (draft)",
        "incident.escalated": "Escalated a serious incident not acknowledged in time to the "
        "authority's supervisors",
        **{
            f"incident.{verb}": f"{rule.label} (serious incident)"
            for verb, rule in INCIDENT_TRANSITIONS.items()
        },
    }
)
register_object(
    "incidents.incidentreport",
    "Serious incident",
    lambda pk: reverse("incident_detail", args=[pk]),
)
