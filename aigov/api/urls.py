"""Every API route. A viewset registered on `router` is covered by the isolation tests."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from aigov.accounts.api.views import ApiKeyViewSet, OrganizationMeView
from aigov.audit.api.views import AuditEventViewSet
from aigov.jobs.api.views import JobViewSet

router = SimpleRouter(use_regex_path=False)
router.register("api-keys", ApiKeyViewSet, basename="api-key")
router.register("jobs", JobViewSet, basename="job")
router.register("audit", AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("organizations/me/", OrganizationMeView.as_view(), name="organization-me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
