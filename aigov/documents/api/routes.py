"""The documents app's API routes, registered with the core's router when the app is ready."""

from aigov.api.routes import router
from aigov.documents.api.views import DocumentViewSet

router.register("documents", DocumentViewSet, basename="document")
