"""Browser routes of the registry. The names are referenced by templates and tests."""

from django.urls import path

from registry import views

urlpatterns = [
    path("systems/", views.SystemListView.as_view(), name="system_list"),
    path("systems/new/", views.SubjectCreateView.as_view(), name="system_create"),
    path("systems/<uuid:pk>/", views.SystemDetailView.as_view(), name="system_detail"),
    path("systems/<uuid:pk>/edit/", views.SubjectEditView.as_view(), name="system_edit"),
    path(
        "systems/<uuid:pk>/questionnaire/",
        views.QuestionnaireView.as_view(),
        name="system_questionnaire",
    ),
    path(
        "systems/<uuid:pk>/questionnaire/preview/",
        views.QuestionnairePreviewView.as_view(),
        name="system_questionnaire_preview",
    ),
    path(
        "systems/<uuid:pk>/versions/<int:number>/",
        views.VersionView.as_view(),
        name="system_version",
    ),
    path("models/", views.ModelListView.as_view(), name="model_list"),
    path("models/new/", views.ModelCreateView.as_view(), name="model_create"),
    path("models/import/", views.ModelImportView.as_view(), name="model_import"),
    path("models/<uuid:pk>/", views.ModelDetailView.as_view(), name="model_detail"),
    path("models/<uuid:pk>/edit/", views.ModelEditView.as_view(), name="model_edit"),
    path(
        "models/<uuid:pk>/questionnaire/",
        views.ModelQuestionnaireView.as_view(),
        name="model_questionnaire",
    ),
    path(
        "models/<uuid:pk>/questionnaire/preview/",
        views.ModelQuestionnairePreviewView.as_view(),
        name="model_questionnaire_preview",
    ),
    path(
        "models/<uuid:pk>/versions/<int:number>/",
        views.ModelVersionView.as_view(),
        name="model_version",
    ),
]
