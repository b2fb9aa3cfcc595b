"""Browser routes of conformity assessments (names are used by templates and tests)."""

from django.urls import path

from assessments.conformity import dashboard, views

urlpatterns = [
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path(
        "assessments/summary/",
        dashboard.AssessmentSummaryView.as_view(),
        name="assessment_summary",
    ),
    path("assessments/new/", views.AssessmentNewView.as_view(), name="assessment_new"),
    path("assessments/<uuid:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path(
        "assessments/<uuid:pk>/<slug:what>/",
        views.AssessmentActionView.as_view(),
        name="assessment_action",
    ),
    path(
        "checklist-runs/<uuid:pk>/progress/",
        views.ChecklistRunProgressView.as_view(),
        name="checklist_run_progress",
    ),
    path(
        "findings/<uuid:pk>/<slug:what>/",
        views.FindingActionView.as_view(),
        name="finding_action",
    ),
    path(
        "evidence/<uuid:pk>/download/",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
]
