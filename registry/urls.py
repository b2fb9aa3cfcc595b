"""Browser routes of the registry: systems and models, filings and the review queue, and
the public register. The names are referenced by templates and tests; keep them stable."""

from django.urls import path

from registry.views import (
    figures,
    filings,
    gpai,
    imports,
    model_search,
    overview,
    queue,
    register,
    subjects,
)

urlpatterns = [
    path("systems/", subjects.SystemListView.as_view(), name="system_list"),
    path("systems/summary/", overview.SubjectSummaryView.as_view(), name="subject_summary"),
    path("systems/new/", subjects.SubjectCreateView.as_view(), name="system_create"),
    path("systems/<uuid:pk>/", subjects.SystemDetailView.as_view(), name="system_detail"),
    path("systems/<uuid:pk>/edit/", subjects.SubjectEditView.as_view(), name="system_edit"),
    path(
        "systems/<uuid:pk>/questionnaire/",
        subjects.QuestionnaireView.as_view(),
        name="system_questionnaire",
    ),
    path(
        "systems/<uuid:pk>/questionnaire/preview/",
        subjects.QuestionnairePreviewView.as_view(),
        name="system_questionnaire_preview",
    ),
    path(
        "systems/<uuid:pk>/versions/<int:number>/",
        subjects.VersionView.as_view(),
        name="system_version",
    ),
    path(
        "organization/revenue/",
        gpai.OrganizationRevenueView.as_view(),
        name="organization_revenue",
    ),
    path("models/", subjects.ModelListView.as_view(), name="model_list"),
    path("models/new/", subjects.ModelCreateView.as_view(), name="model_create"),
    path("models/import/", imports.ModelImportView.as_view(), name="model_import"),
    path("models/search/", model_search.ModelSearchView.as_view(), name="model_search"),
    path(
        "models/import/<uuid:pk>/confirm/",
        imports.ModelImportConfirmView.as_view(),
        name="model_import_confirm",
    ),
    path(
        "models/import/<uuid:pk>/discard/",
        imports.ModelImportDiscardView.as_view(),
        name="model_import_discard",
    ),
    path("models/<uuid:pk>/", subjects.ModelDetailView.as_view(), name="model_detail"),
    path("models/<uuid:pk>/edit/", subjects.ModelEditView.as_view(), name="model_edit"),
    path(
        "models/<uuid:pk>/questionnaire/",
        subjects.ModelQuestionnaireView.as_view(),
        name="model_questionnaire",
    ),
    path(
        "models/<uuid:pk>/questionnaire/preview/",
        subjects.ModelQuestionnairePreviewView.as_view(),
        name="model_questionnaire_preview",
    ),
    path(
        "models/<uuid:pk>/versions/<int:number>/",
        subjects.ModelVersionView.as_view(),
        name="model_version",
    ),
    path("filings/", filings.FilingListView.as_view(), name="filing_list"),
    path("filings/new/", filings.FilingNewView.as_view(), name="filing_new"),
    path("filings/use/new/", filings.FilingUseNewView.as_view(), name="filing_use_new"),
    path("filings/summary/", filings.FilingSummaryView.as_view(), name="filing_summary"),
    path("filings/<uuid:pk>/", filings.FilingDetailView.as_view(), name="filing_detail"),
    path("filings/<uuid:pk>/edit/", filings.FilingEditView.as_view(), name="filing_edit"),
    path("filings/<uuid:pk>/submit/", filings.FilingSubmitView.as_view(), name="filing_submit"),
    path(
        "filings/<uuid:pk>/transition/",
        filings.FilingTransitionView.as_view(),
        name="filing_transition",
    ),
    path("queue/", queue.QueueView.as_view(), name="queue"),
    path("queue/export.csv", queue.QueueExportView.as_view(), name="queue_export"),
    path("queue/<uuid:pk>/", queue.QueueReviewView.as_view(), name="queue_review"),
    path("queue/<uuid:pk>/assign/", queue.FilingAssignView.as_view(), name="filing_assign"),
    path(
        "queue/<uuid:pk>/designate/",
        gpai.ModelDesignateView.as_view(),
        name="model_designate",
    ),
    path("dashboard/figures/", figures.FiguresView.as_view(), name="figures"),
    path("register/", register.RegisterSearchView.as_view(), name="register"),
    path(
        "register/export.csv",
        register.RegisterExportView.as_view(export_format="csv"),
        name="register_export_csv",
    ),
    path(
        "register/export.json",
        register.RegisterExportView.as_view(export_format="json"),
        name="register_export_json",
    ),
    path(
        "register/gpai-systemic-risk/",
        register.GpaiSystemicRiskView.as_view(),
        name="register_gpai_systemic_risk",
    ),
    path("register/<uuid:pk>/", register.RegisterEntryView.as_view(), name="register_entry"),
]
