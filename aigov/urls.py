from django.contrib import admin
from django.urls import include, path

from aigov.api.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(("aigov.api.urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("aigov.accounts.urls")),
]

handler400 = "aigov.views.bad_request"
handler403 = "aigov.views.permission_denied"
handler404 = "aigov.views.page_not_found"
handler500 = "aigov.views.server_error"
