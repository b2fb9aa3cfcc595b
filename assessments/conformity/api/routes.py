"""The conformity app's API routes, registered with the core's router when the app is ready."""

from aigov.api.routes import router
from assessments.conformity.api.views import (
    AssessmentViewSet,
    ChecklistRunViewSet,
    FindingViewSet,
)

router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("findings", FindingViewSet, basename="finding")
router.register("checklist-runs", ChecklistRunViewSet, basename="checklist-run")
