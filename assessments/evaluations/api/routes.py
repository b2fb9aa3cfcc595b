"""The evaluations app's API routes, registered with the core's router when the app is ready."""

from aigov.api.routes import router
from assessments.evaluations.api.views import EvaluationViewSet

router.register("evaluations", EvaluationViewSet, basename="evaluation")
