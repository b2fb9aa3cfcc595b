"""Browser routes of serious incidents (names are used by templates and tests)."""

from django.urls import path

from assessments.incidents import views
from assessments.incidents.dashboard import IncidentSummaryView

urlpatterns = [
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/new/", views.IncidentNewView.as_view(), name="incident_new"),
    path("incidents/summary/", IncidentSummaryView.as_view(), name="incident_summary"),
    path("incidents/<uuid:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path(
        "incidents/<uuid:pk>/<slug:what>/",
        views.IncidentActionView.as_view(),
        name="incident_action",
    ),
]
