"""Conformity assessment actions in words, and links to their pages, for the audit log."""

from django.urls import reverse

from aigov.audit.presenters import register_actions, register_object
from assessments.conformity.models import ASSESSMENT_TRANSITIONS

register_actions(
    {
        "assessment.requested": "Requested a conformity assessment",
        **{
            f"assessment.{verb}": f"{rule.label} (assessment)"
            for verb, rule in ASSESSMENT_TRANSITIONS.items()
        },
        "finding.created": "Recorded a finding",
        "finding.proposed": "Proposed a finding for the lead assessor's review",
        "finding.released": "Released a proposed finding to the provider",
        "finding.returned": "Returned a proposed finding to the assessor",
        "finding.answered": "Answered a finding",
        "finding.closed": "Closed a finding",
        "checklist_run.started": "Started a checklist run",
        "evidence.uploaded": "Added evidence",
        "evidence.quarantined": "Uploaded evidence that was quarantined",
    }
)
register_object(
    "conformity.conformityassessment",
    "Conformity assessment",
    lambda pk: reverse("assessment_detail", args=[pk]),
)
register_object("conformity.finding", "Finding")
register_object("conformity.checklistrun", "Checklist run")
register_object("conformity.evidence", "Evidence")
