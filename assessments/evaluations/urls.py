"""Browser routes of evaluations (names are used by templates and tests)."""

from django.urls import path

from assessments.evaluations import views

urlpatterns = [
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/new/", views.EvaluationNewView.as_view(), name="evaluation_new"),
    path("evaluations/<uuid:pk>/", views.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evaluations/<uuid:pk>/log/", views.EvaluationLogView.as_view(), name="evaluation_log"),
]
