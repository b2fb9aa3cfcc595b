from django.contrib import admin
from django.urls import include, path

from aigov import views
from aigov.accounts.views import LogoutView, admin_login
from aigov.api.health import healthz

# One sign-in and sign-out for the whole site: the admin's go through the platform's, so
# they share its rate limit and audit events.
admin.site.login = admin_login
admin.site.logout = LogoutView.as_view()

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v1/", include(("aigov.api.urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("assessments.conformity.urls")),
    path("", include("assessments.catalogues.urls")),
    path("", include("assessments.incidents.urls")),
    path("", include("assessments.certificates.urls")),
    path("", include("assessments.evaluations.urls")),
    path("", include("aigov.accounts.urls")),
    path("", include("aigov.audit.urls")),
    path("", include("aigov.jobs.urls")),
    path("", include("aigov.notifications.urls")),
    path("", include("aigov.documents.urls")),
]

handler400 = "aigov.views.bad_request"
handler403 = "aigov.views.permission_denied"
handler404 = "aigov.views.page_not_found"
handler500 = "aigov.views.server_error"
