"""The API's routes, which apps register instead of the core importing them (DESIGN.md §3).

The core's own viewsets are registered here. An app above the core registers its
viewsets on `router` (tenant rows, covered by the isolation tests), open-data viewsets
on `public_router`, and other views with `route_add`, from a module its
`AppConfig.ready()` imports: `aigov.api.urls` builds the URLs after every app is ready.
"""

from django.urls import URLPattern
from rest_framework.routers import SimpleRouter

from aigov.accounts.api.views import ApiKeyViewSet
from aigov.audit.api.views import AuditEventViewSet
from aigov.jobs.api.views import JobViewSet
from aigov.notifications.api.views import NotificationViewSet

router = SimpleRouter(use_regex_path=False)
router.register("api-keys", ApiKeyViewSet, basename="api-key")
router.register("jobs", JobViewSet, basename="job")
router.register("audit", AuditEventViewSet, basename="audit-event")
router.register("notifications", NotificationViewSet, basename="notification")

# Open data: no login, outside the tenant router (tests/registry/test_public_register.py).
public_router = SimpleRouter(use_regex_path=False)

routes: list[URLPattern] = []


def route_add(pattern: URLPattern) -> None:
    """Serve a view that is not a router viewset under /api/v1/ (named in the `api` namespace)."""
    routes.append(pattern)
