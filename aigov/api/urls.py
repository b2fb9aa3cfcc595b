"""Every API route. A viewset registered on `router` is covered by the isolation tests."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from aigov.accounts.api.views import ApiKeyViewSet, OrganizationMeView
from aigov.api.views import ApiDocsView
from aigov.audit.api.views import AuditEventViewSet
from aigov.jobs.api.views import JobViewSet
from registry.api.views import (
    AISystemViewSet,
    ClassifyView,
    FilingViewSet,
    GPAIModelViewSet,
    PublicRegisterViewSet,
    QueueViewSet,
)

router = SimpleRouter(use_regex_path=False)
router.register("api-keys", ApiKeyViewSet, basename="api-key")
router.register("jobs", JobViewSet, basename="job")
router.register("audit", AuditEventViewSet, basename="audit-event")
router.register("systems", AISystemViewSet, basename="system")
router.register("models", GPAIModelViewSet, basename="model")
router.register("filings", FilingViewSet, basename="filing")
router.register("queue", QueueViewSet, basename="queue")

# Open data: no login, outside the tenant router (tests/registry/test_public_register.py).
public_router = SimpleRouter(use_regex_path=False)
public_router.register("public/register", PublicRegisterViewSet, basename="public-register")

urlpatterns = [
    path("organizations/me/", OrganizationMeView.as_view(), name="organization-me"),
    path("classify/", ClassifyView.as_view(), name="classify"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    path("", include(public_router.urls)),
]
