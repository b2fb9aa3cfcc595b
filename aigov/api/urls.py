"""Every API route. A viewset registered on `router` is covered by the isolation tests.

Apps register their routes in `aigov.api.routes` when they are ready; this module is
loaded with the URLconf, after that, and imports no app.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from aigov.accounts.api.views import OrganizationMeView
from aigov.api.routes import public_router, router, routes
from aigov.api.views import ApiDocsView

__all__ = ["router", "urlpatterns"]

urlpatterns = [
    path("organizations/me/", OrganizationMeView.as_view(), name="organization-me"),
    *routes,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    path("", include(public_router.urls)),
]
