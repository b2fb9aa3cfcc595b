"""The incidents app's API routes, registered with the core's router when the app is ready."""

from aigov.api.routes import router
from assessments.incidents.api.views import IncidentViewSet

router.register("incidents", IncidentViewSet, basename="incident")
