"""Browser routes of filings, the review queue and the public register. The names are
referenced by templates and tests; keep them stable."""

from django.urls import path

from registry import filing_views, register_views

urlpatterns = [
    path("filings/", filing_views.FilingListView.as_view(), name="filing_list"),
    path("filings/new/", filing_views.FilingNewView.as_view(), name="filing_new"),
    path("filings/summary/", filing_views.FilingSummaryView.as_view(), name="filing_summary"),
    path("filings/<uuid:pk>/", filing_views.FilingDetailView.as_view(), name="filing_detail"),
    path("filings/<uuid:pk>/edit/", filing_views.FilingEditView.as_view(), name="filing_edit"),
    path(
        "filings/<uuid:pk>/submit/", filing_views.FilingSubmitView.as_view(), name="filing_submit"
    ),
    path(
        "filings/<uuid:pk>/transition/",
        filing_views.FilingTransitionView.as_view(),
        name="filing_transition",
    ),
    path("queue/", filing_views.QueueView.as_view(), name="queue"),
    path("queue/export.csv", filing_views.QueueExportView.as_view(), name="queue_export"),
    path("queue/<uuid:pk>/", filing_views.QueueReviewView.as_view(), name="queue_review"),
    path("queue/<uuid:pk>/assign/", filing_views.FilingAssignView.as_view(), name="filing_assign"),
    path("register/", register_views.RegisterSearchView.as_view(), name="register"),
    path(
        "register/export.csv",
        register_views.RegisterExportView.as_view(export_format="csv"),
        name="register_export_csv",
    ),
    path(
        "register/export.json",
        register_views.RegisterExportView.as_view(export_format="json"),
        name="register_export_json",
    ),
    path(
        "register/gpai-systemic-risk/",
        register_views.GpaiSystemicRiskView.as_view(),
        name="register_gpai_systemic_risk",
    ),
    path("register/<uuid:pk>/", register_views.RegisterEntryView.as_view(), name="register_entry"),
]
