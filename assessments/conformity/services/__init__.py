"""Every write of conformity assessments: requests and their workflow, findings,
checklist runs and evidence."""

from assessments.conformity.services.assessments import (
    ASSESSMENT_WORKFLOW,
    PROCEDURE_CATALOGUES,
    RUNNABLE,
    FindingsUnderReview,
    assessment_request,
    assessment_transition,
    checklist_run_start,
    finding_answer,
    finding_close,
    finding_create,
    finding_release,
    finding_return,
    procedures_for,
    requirements_in_scope,
)
from assessments.conformity.services.evidence import (
    EVIDENCE_OPEN,
    TITLE_MAX,
    evidence_record_metric,
    evidence_upload,
)

__all__ = [
    "ASSESSMENT_WORKFLOW",
    "EVIDENCE_OPEN",
    "PROCEDURE_CATALOGUES",
    "RUNNABLE",
    "TITLE_MAX",
    "FindingsUnderReview",
    "assessment_request",
    "assessment_transition",
    "checklist_run_start",
    "evidence_record_metric",
    "evidence_upload",
    "finding_answer",
    "finding_close",
    "finding_create",
    "finding_release",
    "finding_return",
    "procedures_for",
    "requirements_in_scope",
]
