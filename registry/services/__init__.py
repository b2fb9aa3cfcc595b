"""Every write of the registry: subjects (systems, models) and their filings."""

from registry.services.deadlines import filings_deadline_sweep
from registry.services.filings import (
    filing_accept,
    filing_assign,
    filing_create,
    filing_request_changes,
    filing_start_review,
    filing_submit,
    filing_transition,
    filing_update,
)
from registry.services.imports import (
    models_import_confirm,
    models_import_discard,
    models_import_start,
)
from registry.services.reclassify import organization_revenue_update, subjects_reclassify_due
from registry.services.subjects import (
    MODEL_FIELDS,
    REPRESENTATIVE_FIELDS,
    REQUIRED_COLUMNS,
    SYSTEM_FIELDS,
    classify_or_raise,
    model_designate,
    model_profile,
    representative_basis,
    subject_create,
    subject_preview,
    subject_update,
)

__all__ = [
    "MODEL_FIELDS",
    "REPRESENTATIVE_FIELDS",
    "REQUIRED_COLUMNS",
    "SYSTEM_FIELDS",
    "classify_or_raise",
    "filing_accept",
    "filing_assign",
    "filing_create",
    "filing_request_changes",
    "filing_start_review",
    "filing_submit",
    "filing_transition",
    "filing_update",
    "filings_deadline_sweep",
    "model_designate",
    "model_profile",
    "models_import_confirm",
    "models_import_discard",
    "models_import_start",
    "organization_revenue_update",
    "representative_basis",
    "subject_create",
    "subject_preview",
    "subject_update",
    "subjects_reclassify_due",
]
