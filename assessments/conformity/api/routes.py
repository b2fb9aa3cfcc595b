"""The conformity app's API routes, registered with the core's router when the app is ready."""

from django.conf import settings

from aigov.api.middleware import register_upload_route
from aigov.api.routes import router
from assessments.conformity.api.views import (
    AssessmentViewSet,
    ChecklistRunViewSet,
    EvidenceViewSet,
    FindingViewSet,
)

router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("findings", FindingViewSet, basename="finding")
router.register("checklist-runs", ChecklistRunViewSet, basename="checklist-run")
router.register("evidence", EvidenceViewSet, basename="evidence")

# Evidence uploads may be larger than other API bodies (EVIDENCE_MAX_BYTES).
register_upload_route(
    r"/api/v1/assessments/[0-9a-f-]{36}/evidence/", lambda: settings.EVIDENCE_MAX_BYTES
)
