"""The registry's API routes, registered with the core's (`aigov.api.routes`) when the app
is ready, so the core never imports the registry."""

from django.urls import path

from aigov.api.routes import public_router, route_add, router
from registry.api.figures import FigureDetailView, FigureListView
from registry.api.views import (
    AISystemViewSet,
    ClassifyView,
    FilingViewSet,
    GPAIModelViewSet,
    PublicRegisterViewSet,
    QueueViewSet,
)

route_add(path("classify/", ClassifyView.as_view(), name="classify"))
route_add(path("dashboard/", FigureListView.as_view(), name="figure-list"))
route_add(path("dashboard/<slug:code>/", FigureDetailView.as_view(), name="figure-detail"))
router.register("systems", AISystemViewSet, basename="system")
router.register("models", GPAIModelViewSet, basename="model")
router.register("filings", FilingViewSet, basename="filing")
router.register("queue", QueueViewSet, basename="queue")
public_router.register("public/register", PublicRegisterViewSet, basename="public-register")
